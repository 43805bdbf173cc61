// Writing accepted intake bookings: one transaction for a whole batch (group commit, the fast
// path) or for one booking. Either every booking of the transaction is stored with its payments,
// history, event and idempotency record, or none is.
import { createGroupCommit, type GroupCommitOptions } from "@/db/group-commit";
import type { Db } from "@/db/client";
import { insertJsonRows } from "@/db/raw-sql";
import { sql } from "drizzle-orm";
import { paymentTransactions } from "@/db/schema";
import { intakeRequests } from "@/db/schema/intake";
import type { IntakeAnswer } from "@/server/domain/intake/answer";
import type { BookingIntakeV1 } from "@/server/domain/intake/booking-v1";
import { captureCreditTenders } from "@/server/services/credits/capture-tenders";
import { createBookings } from "@/server/services/lifecycle";
import type { IntakeRows } from "./intake-rows";

export type PreparedIntake = {
  clientId: string;
  sha: string;
  body: BookingIntakeV1;
  rows: IntakeRows;
  answer: IntakeAnswer;
};
/** Stores one prepared booking; throws what PostgreSQL refused (the caller maps it to the field). */
export type CommitIntake = (p: PreparedIntake) => Promise<void>;

/** Another request stored a booking under the same session id first: nothing of this batch is kept. */
export class AlreadyCreated extends Error {}

export async function storeIntakes(db: Db, batch: readonly PreparedIntake[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const clientId of new Set(batch.map((p) => p.clientId))) {
      const mine = batch.filter((p) => p.clientId === clientId);
      await createBookings(
        tx,
        mine.map((p) => ({ booking: p.rows.booking, items: p.rows.items })),
        { actor: { kind: "api_client", id: clientId }, reason: "created" },
      );
    }
    const payments = batch.flatMap((p) => p.rows.payments);
    if (payments.length) await tx.execute(insertJsonRows(paymentTransactions, payments));
    for (const p of batch)
      await captureCreditTenders(tx, {
        clientId: p.clientId,
        bookingId: p.answer.bookingId,
        tenders: p.body.tenders,
        paymentIds: p.rows.payments.map((x) => x.id!),
      });
    const logged = await tx.execute<{ id: string }>(
      sql`${insertJsonRows(
        intakeRequests,
        batch.map((p) => ({
          clientId: p.clientId,
          sessionId: p.body.checkoutSessionId,
          outcome: "created" as const,
          httpStatus: 201,
          bodySha256: p.sha,
          bookingId: p.answer.bookingId,
          payload: p.body,
          response: p.answer,
        })),
      )} on conflict do nothing returning id`,
    );
    if (logged.length !== batch.length) throw new AlreadyCreated();
  });
}

/** One transaction per booking: the Next route, tests. */
export const commitAlone =
  (db: Db): CommitIntake =>
  (p) =>
    storeIntakes(db, [p]);

/**
 * Group commit (db/group-commit.ts) for the fast path: the bookings that arrive during a commit
 * share the next one. A batch PostgreSQL refuses (one booking's provider reference taken, a race
 * on a session id) is stored again one booking per transaction, so each gets its own answer.
 */
export function commitGrouped(db: Db, opts?: GroupCommitOptions): CommitIntake {
  type Outcome = { error: unknown } | null;
  const alone = async (p: PreparedIntake): Promise<Outcome> => {
    try {
      await storeIntakes(db, [p]);
      return null;
    } catch (error) {
      return { error };
    }
  };
  const batcher = createGroupCommit<PreparedIntake, Outcome>(async (batch) => {
    if (batch.length === 1) return [await alone(batch[0])];
    try {
      await storeIntakes(db, batch);
      return batch.map(() => null);
    } catch {
      return Promise.all(batch.map(alone));
    }
  }, opts);
  return async (p) => {
    const outcome = await batcher.submit(p);
    if (outcome) throw outcome.error;
  };
}
