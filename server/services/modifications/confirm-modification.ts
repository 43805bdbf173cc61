// The traveler agrees to a quoted change. A free change is submitted at once; one that costs money
// is claimed (awaiting_payment) in a short locked transaction, then charged outside it.
// Re-entrant: a double click or a retry after a timeout finds the claim and charges again with
// the same idempotency key (one charge), or simply reports where the change stands.
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings } from "@/db/schema";
import { assertAllowed } from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { paymentGateway } from "@/server/payments";
import { GatewayError } from "@/server/payments/errors";
import { actionsFor } from "@/server/services/bookings/action-facts";
import { payFeeWithCredit } from "@/server/services/credits/pay-fee-with-credit";
import { recordEvent } from "@/server/services/events/record-event";
import {
  lockModification,
  type Modification,
  moveModification,
  ownedModification,
  type RequestDetails,
} from "./common";
import { chargeModification, onFeeIntentUpdate } from "./fee-payment";

export type ConfirmResult = {
  modificationId: string;
  status: Modification["status"];
  action: string;
  nextActionUrl?: string | null;
  message?: string;
};

export async function confirmModification(
  db: Db,
  viewer: Viewer,
  input: { modificationId: string; payWith?: "card" | "credit" },
): Promise<ConfirmResult> {
  const claimed = await db.transaction(async (tx) => {
    const m = await ownedModification(tx, viewer, input.modificationId, true);
    // One confirmation per booking at a time (the modification, then its booking: the order the
    // provider's answer takes too), so a second quote confirmed at the same moment sees this one
    // under way and is refused, instead of both going to the providers.
    await tx.select({ id: bookings.id }).from(bookings).where(eq(bookings.id, m.bookingId)).for("update");
    if (m.status === "awaiting_payment")
      return { m, charge: !(m.requestDetails as RequestDetails & { payment?: unknown }).payment };
    if (m.status !== "pending") return { m, charge: false };
    const expiresAt = (m.requestDetails as { expiresAt?: string }).expiresAt;
    if (expiresAt && Date.parse(expiresAt) <= Date.now())
      throw new DomainError(
        "quote_expired",
        "This price has expired: ask for the change again to see the current price",
      );
    await stillAvailable(tx, viewer, m);
    if (!m.paymentRequired || !m.totalCostMinor) {
      return { m: await moveModification(tx, m, "submitted", { submittedAt: new Date() }), charge: false };
    }
    // Travel credit pays it whole, in this transaction (server/services/credits/pay-fee-with-credit.ts).
    if (input.payWith === "credit") return { m: await payFeeWithCredit(tx, m, viewer), charge: false };
    return { m: await moveModification(tx, m, "awaiting_payment"), charge: true };
  });
  if (!claimed.charge) {
    const d = claimed.m.requestDetails as { payment?: { nextActionUrl?: string | null } };
    return {
      modificationId: claimed.m.id,
      status: claimed.m.status,
      action: "noop",
      nextActionUrl: claimed.m.status === "awaiting_payment" ? (d.payment?.nextActionUrl ?? null) : undefined,
    };
  }
  const r = await chargeModification(db, claimed.m);
  const now = await ownedModification(db, viewer, claimed.m.id);
  return {
    modificationId: now.id,
    status: now.status,
    action: r.action,
    nextActionUrl: r.nextActionUrl,
    message: r.message ?? now.userNotes ?? undefined,
  };
}

/** What changed since the quote (the booking cancelled, another change under way) may forbid it now. */
async function stillAvailable(tx: Tx, viewer: Viewer, m: Modification) {
  const d = m.requestDetails as RequestDetails;
  const actions = await actionsFor(tx, m.bookingId, viewer);
  if (d.kind === "name_change") assertAllowed(actions, "change_name", { travelerIndex: d.travelerIndex });
  else if (d.kind === "date_change") assertAllowed(actions, "change_dates", { itemId: d.itemId });
  else if (d.kind === "special_request") assertAllowed(actions, "special_request", { itemId: d.itemId });
}

/** Back from a payment page (Stripe's or ours): ask the gateway where the payment stands. */
export async function refreshModificationPayment(db: Db, viewer: Viewer, input: { modificationId: string }) {
  const m = await ownedModification(db, viewer, input.modificationId);
  const intentId = (m.requestDetails as { payment?: { intentId?: string } }).payment?.intentId;
  if (m.status === "awaiting_payment" && intentId) {
    await onFeeIntentUpdate(db, await paymentGateway(db).retrievePaymentIntent(intentId), { source: "return" });
  }
  return ownedModification(db, viewer, m.id);
}

/**
 * The traveler abandons a change not yet submitted. A charge waiting for authentication is voided
 * first (nothing was captured); a void that fails because the payment completed meanwhile leaves
 * the change going ahead; any other failed void is a failed compensation (rollback/failed).
 */
export async function cancelModification(db: Db, viewer: Viewer, input: { modificationId: string }) {
  return abandonModification(
    db,
    await ownedModification(db, viewer, input.modificationId),
    "Cancelled by the traveler",
  );
}

/** Abandons a change not yet submitted (the traveler's cancel, or the sweep of unpaid changes), voiding its pending charge. */
export async function abandonModification(db: Db, m: Modification, note: string) {
  if (m.status !== "pending" && m.status !== "awaiting_payment")
    throw new DomainError("conflict", `A ${m.status.replace("_", " ")} change can no longer be cancelled`);
  const intentId = (m.requestDetails as { payment?: { intentId?: string } }).payment?.intentId;
  let voidError: string | null = null;
  if (m.status === "awaiting_payment" && intentId) {
    try {
      await paymentGateway(db).cancelPaymentIntent(intentId, { idempotencyKey: `modification-void:${m.id}` });
    } catch (e) {
      if (e instanceof GatewayError && e.kind === "invalid") {
        await onFeeIntentUpdate(db, await paymentGateway(db).retrievePaymentIntent(intentId), { source: "return" });
        throw new DomainError("conflict", "The payment has already gone through: the change is being made");
      }
      voidError = e instanceof Error ? e.message : String(e);
    }
  }
  return db.transaction(async (tx) => {
    const cur = await lockModification(tx, m.id);
    if (!cur || (cur.status !== "pending" && cur.status !== "awaiting_payment" && cur.status !== "failed")) return cur;
    if (voidError) {
      await recordEvent(tx, "rollback/failed", {
        rollbackId: `modification-void:${m.id}`,
        bookingId: m.bookingId,
        modificationId: m.id,
        step: "void the change's payment",
        error: voidError,
      });
    }
    return cur.status === "failed"
      ? cur
      : moveModification(tx, cur, "cancelled", { completedAt: new Date(), userNotes: note });
  });
}
