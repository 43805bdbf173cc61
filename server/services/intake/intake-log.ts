// The intake log: every authenticated request's outcome, and the idempotency records retries read.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { intakeRequests } from "@/db/schema/intake";

type LogRow = typeof intakeRequests.$inferInsert;

/** The request that created a booking under this session id, if one did. */
export async function findCreated(db: Db, clientId: string, sessionId: string) {
  const [row] = await db
    .select({
      sessionId: intakeRequests.sessionId,
      bodySha256: intakeRequests.bodySha256,
      response: intakeRequests.response,
      bookingId: intakeRequests.bookingId,
    })
    .from(intakeRequests)
    .where(
      and(
        eq(intakeRequests.clientId, clientId),
        eq(intakeRequests.sessionId, sessionId),
        eq(intakeRequests.outcome, "created"),
      ),
    )
    .limit(1);
  return row ? { ...row, sessionId: row.sessionId ?? sessionId } : null;
}

/** Logs a refusal or a replay, after (outside) the transaction it concerns; the answer never waits on a failed log. */
export async function logIntake(db: Db, row: LogRow): Promise<void> {
  try {
    await db.insert(intakeRequests).values(row);
  } catch (e) {
    console.error("intake log write failed:", e instanceof Error ? e.message : e);
  }
}
