import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payoutDisputes } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { settleEscalation } from "@/server/services/escalation/settle-escalation";
import { recordEvent } from "@/server/services/events/record-event";

/**
 * A payout dispute settled by a person, with a note saying how (the provider corrected its
 * statement, we agreed to its figure, …): open → resolved, never back. The row keeps who, when and
 * the note; the event is its history.
 */
export async function resolvePayoutDispute(
  db: Db,
  input: { disputeId: string; note: string; by: string; now?: Date },
): Promise<{ id: string; resolvedAt: Date }> {
  const note = input.note.trim();
  if (!note) throw new DomainError("invalid", "note: say how the dispute was settled");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(payoutDisputes)
      .set({ status: "resolved", resolutionNote: note, resolvedBy: input.by, resolvedAt: input.now ?? new Date() })
      .where(and(eq(payoutDisputes.id, input.disputeId), eq(payoutDisputes.status, "open")))
      .returning({
        id: payoutDisputes.id,
        providerCode: payoutDisputes.providerCode,
        statementId: payoutDisputes.statementId,
        resolvedAt: payoutDisputes.resolvedAt,
      });
    if (!row) {
      const [exists] = await tx
        .select({ status: payoutDisputes.status })
        .from(payoutDisputes)
        .where(eq(payoutDisputes.id, input.disputeId));
      if (!exists) throw new DomainError("not_found", `There is no payout dispute ${input.disputeId}`);
      throw new DomainError("invalid_transition", "This payout dispute is already resolved");
    }
    await recordEvent(tx, "payout/dispute_resolved", {
      disputeId: row.id,
      providerCode: row.providerCode,
      by: input.by,
      note,
    });
    // The statement's follow-up lists its disputes: it is done when the last one is.
    const [left] = await tx.execute<{ open: boolean }>(
      sql`select exists(select 1 from payout_disputes where statement_id = ${row.statementId} and status = 'open') as open`,
    );
    if (!left.open)
      await settleEscalation(
        tx,
        `payout-statement:${row.statementId}`,
        "Every payout dispute of the statement is resolved",
      );
    return { id: row.id, resolvedAt: row.resolvedAt! };
  });
}
