import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export type FaultChannel = "email" | "sms" | "push";

/**
 * Consumes one injected fault for this target, if any (local channels only): a fault with a count
 * is used up one send at a time, one without a count fails every send.
 */
export async function takeFault(db: Db, channel: FaultChannel, target: string): Promise<string | null> {
  const rows = await db.execute<{ kind: string }>(sql`
    with f as (
      select id from notify_faults where channel = ${channel} and target = ${target.toLowerCase()} and (remaining is null or remaining > 0)
      order by created_at limit 1 for update skip locked
    )
    update notify_faults n set remaining = case when n.remaining is null then null else n.remaining - 1 end
    from f where n.id = f.id returning n.kind`);
  return rows[0]?.kind ?? null;
}

/** Test and console helper: inject a fault for the next `times` sends to `target` (null: every send). */
export async function injectFault(
  db: Db,
  input: { channel: FaultChannel; target: string; kind: string; times?: number | null },
) {
  await db.execute(sql`insert into notify_faults (channel, target, kind, remaining)
    values (${input.channel}, ${input.target.toLowerCase()}, ${input.kind}, ${input.times === undefined ? 1 : input.times})`);
}
