import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { escalate, type Escalation } from "./escalate";
import { MASS_CANCELLATION_THRESHOLD, MASS_CANCELLATION_WINDOW_MS } from "./rules";

type Outcome =
  | { provider: string; cancellations: number; fired: false }
  | ({ provider: string; cancellations: number; fired: true } & Escalation);

/**
 * docs/architecture.md, "Mass cancellation": when a provider's cancellations in the trailing 60
 * minutes first exceed 10, one alert; none again for that provider until 60 minutes have passed. Called for each provider
 * cancellation; taking the window is one conditional upsert on the provider's throttle row, so of
 * any number of concurrent evaluations exactly one fires. The escalation is written in the same
 * transaction: a failure releases the window.
 */
export async function checkMassCancellation(
  db: Db,
  { itemId, now = new Date() }: { itemId: string; now?: Date },
): Promise<Outcome | null> {
  const nowIso = now.toISOString();
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<{ provider: string; cancellations: number }>(sql`
      select i.provider_code as provider, (select count(*)::int from booking_items c
        where c.provider_code = i.provider_code and c.status = 'provider_cancelled'
          and c.status_changed_at > ${nowIso}::timestamptz - make_interval(secs => ${MASS_CANCELLATION_WINDOW_MS / 1000})
          and c.status_changed_at <= ${nowIso}::timestamptz) as cancellations
      from booking_items i where i.id = ${itemId}`);
    if (!row) return null;
    const { provider, cancellations } = row;
    if (cancellations <= MASS_CANCELLATION_THRESHOLD) return { provider, cancellations, fired: false as const };
    const [slot] = await tx.execute<{ key: string }>(sql`
      insert into escalation_throttles (key, fired_at, until)
      values (${`mass_cancellation:${provider}`}, ${nowIso}::timestamptz, ${nowIso}::timestamptz + make_interval(secs => ${MASS_CANCELLATION_WINDOW_MS / 1000}))
      on conflict (key) do update set fired_at = excluded.fired_at, until = excluded.until
        where escalation_throttles.until <= excluded.fired_at
      returning key`);
    if (!slot) return { provider, cancellations, fired: false as const };
    const e = await escalate(tx, {
      ruleId: "mass_cancellation",
      subjectKey: provider,
      now,
      title: `Mass cancellation: ${provider} cancelled ${cancellations} items in the last hour`,
      details: { provider, cancellations, windowMinutes: MASS_CANCELLATION_WINDOW_MS / 60_000, itemId },
    });
    await tx.execute(
      sql`update escalation_throttles set alert_id = ${e.alertId} where key = ${`mass_cancellation:${provider}`}`,
    );
    return { provider, cancellations, fired: true as const, ...e };
  });
}
