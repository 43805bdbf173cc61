// Paying for a change (docs/architecture.md, "Paying a change fee"): a PaymentIntent on the booking's saved
// card, confirmed on the server when the traveler agrees. The gateway call runs outside any
// transaction with the key `modification-charge:<id>`, so a retried or doubled confirmation makes
// one charge. The intent's later news (the payment page, the `payment_intent.*` webhook, the
// return from Stripe's page) all land in `onFeeIntentUpdate`, which decides from the
// modification's status: whichever arrives first continues the flow, the rest change nothing.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingModifications, bookings, paymentTransactions } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { GatewayPaymentIntent } from "@/server/payments/gateway";
import { GatewayError, PaymentDeclinedError } from "@/server/payments/errors";
import { paymentGateway } from "@/server/payments";
import { env } from "@/server/env";
import { recordEvent } from "@/server/services/events/record-event";
import {
  bookingCharge,
  lockModification,
  type Modification,
  moveModification,
  type RequestDetails,
  withLog,
} from "./common";

export const chargeKey = (modificationId: string) => `modification-charge:${modificationId}`;

const paymentStatusOf = (s: GatewayPaymentIntent["status"]) =>
  s === "succeeded"
    ? "succeeded"
    : s === "requires_action"
      ? "requires_action"
      : s === "processing"
        ? "processing"
        : s === "canceled"
          ? "canceled"
          : "failed";

const declineText: Record<string, string> = {
  insufficient_funds: "Your card was declined: insufficient funds.",
  generic_decline: "Your card was declined.",
  payment_intent_authentication_failure: "The card's authentication failed.",
};
export const failureMessage = (code?: string, fallback?: string) =>
  `${declineText[code ?? ""] ?? fallback ?? "The payment did not go through."} Nothing was changed; you can try again.`;

/** Charges the quoted total for an `awaiting_payment` modification (claimed by the caller). */
export async function chargeModification(
  db: Db,
  m: Modification,
): Promise<{ action: string; nextActionUrl?: string | null; message?: string }> {
  const [booking] = await db
    .select({ reference: bookings.bookingReference })
    .from(bookings)
    .where(eq(bookings.id, m.bookingId));
  const charge = await bookingCharge(db, m.bookingId);
  if (!charge?.stripePaymentMethodId) {
    await db.transaction(async (tx) => {
      const cur = await lockModification(tx, m.id);
      if (cur?.status === "awaiting_payment") {
        await moveModification(tx, cur, "failed", {
          completedAt: new Date(),
          userNotes: "No saved card to pay the change with: contact support. Nothing was changed.",
        });
      }
    });
    return { action: "failed", message: "No saved card to pay the change with: contact support. Nothing was changed." };
  }
  const gateway = paymentGateway(db);
  let intent: GatewayPaymentIntent;
  try {
    intent = await gateway.createPaymentIntent({
      idempotencyKey: chargeKey(m.id),
      amountMinor: m.totalCostMinor!,
      currency: m.currency!,
      paymentMethodId: charge.stripePaymentMethodId,
      // A card saved to a Stripe customer (intake's `customer`) is only usable with that customer.
      customerId: charge.stripeCustomerId ?? undefined,
      description: `${m.modificationType === "name_change" ? "Name change" : "Date change"} on booking ${booking.reference}`,
      metadata: { modificationId: m.id, bookingId: m.bookingId, bookingReference: booking.reference },
      confirm: true,
      returnUrl: new URL(`/bookings/${booking.reference}?modification=${m.id}`, env.APP_URL).toString(),
    });
  } catch (e) {
    if (e instanceof PaymentDeclinedError) {
      const message = failureMessage(e.declineCode);
      await db.transaction(async (tx) => {
        const cur = await lockModification(tx, m.id);
        if (cur?.status === "awaiting_payment") {
          await moveModification(tx, cur, "failed", {
            completedAt: new Date(),
            userNotes: message,
            providerResponse: withLog(cur, { step: "charge", declined: e.declineCode }),
          });
        }
      });
      return { action: "failed", message };
    }
    if (e instanceof GatewayError && e.retryable) {
      // Outcome unknown or nothing happened: stays awaiting_payment; confirming again reuses the key.
      throw new DomainError(
        "provider_unavailable",
        "The payment could not be completed right now; please try again in a minute",
      );
    }
    throw e;
  }
  return recordIntent(db, intent, {
    source: "confirm",
    paymentMethodId: charge.stripePaymentMethodId,
    gateway: gateway.name,
  });
}

/** Finds the modification an intent pays for: its metadata, else our payment row. */
async function modificationOf(tx: Tx, intent: GatewayPaymentIntent): Promise<Modification | null> {
  const byMeta = intent.metadata?.modificationId;
  if (byMeta && /^[0-9a-f-]{36}$/i.test(byMeta)) {
    const m = await lockModification(tx, byMeta);
    if (m) return m;
  }
  const [row] = await tx
    .select({ id: bookingModifications.id })
    .from(bookingModifications)
    .innerJoin(paymentTransactions, eq(paymentTransactions.id, bookingModifications.paymentTransactionId))
    .where(eq(paymentTransactions.stripePaymentIntentId, intent.id));
  return row ? lockModification(tx, row.id) : null;
}

/**
 * Records what the gateway says about a change's payment and moves the modification on, once:
 * succeeded → submitted (the provider step runs next); requires_action → stays awaiting_payment
 * with the page to send the traveler to; failed or canceled → failed, nothing changed.
 */
export async function recordIntent(
  db: Db,
  intent: GatewayPaymentIntent,
  ctx: { source: string; paymentMethodId?: string; gateway?: string; eventId?: string },
) {
  return db
    .transaction(async (tx) => {
      const m = await modificationOf(tx, intent);
      if (!m) return { action: "ignored" as const };
      const status = paymentStatusOf(intent.status);
      // One payment row per intent (unique stripe_payment_intent_id); its status only moves forward.
      let [pay] = await tx
        .select()
        .from(paymentTransactions)
        .where(eq(paymentTransactions.stripePaymentIntentId, intent.id))
        .for("update");
      const wasSucceeded = pay?.status === "succeeded";
      if (!pay) {
        [pay] = await tx
          .insert(paymentTransactions)
          .values({
            bookingId: m.bookingId,
            kind: "fee_charge",
            status,
            amountMinor: intent.amountMinor,
            currency: intent.currency,
            gateway: ctx.gateway ?? paymentGateway(db).name,
            stripePaymentIntentId: intent.id,
            stripeChargeId: intent.chargeId,
            stripePaymentMethodId: ctx.paymentMethodId ?? null,
            failureReason: intent.lastError?.message ?? null,
          })
          .returning();
      } else if (!pay.stripePaymentMethodId && ctx.paymentMethodId) {
        // The webhook recorded the intent before the confirming request did: keep the card it used.
        await tx
          .update(paymentTransactions)
          .set({ stripePaymentMethodId: ctx.paymentMethodId })
          .where(eq(paymentTransactions.id, pay.id));
      }
      // Order-safe: a late requires_action never moves a finished payment back (money taken always wins).
      const moves =
        pay.status !== status &&
        pay.status !== "succeeded" &&
        pay.status !== "canceled" &&
        (pay.status !== "failed" || status === "succeeded");
      if (moves) {
        [pay] = await tx
          .update(paymentTransactions)
          .set({
            status,
            stripeChargeId: intent.chargeId ?? pay.stripeChargeId,
            failureReason: intent.lastError?.message ?? null,
            updatedAt: new Date(),
          })
          .where(eq(paymentTransactions.id, pay.id))
          .returning();
      }
      if (!wasSucceeded && pay.status === "succeeded") {
        // Money taken for the change counts as paid on the booking (refunded ≤ paid stays true).
        await tx
          .update(bookings)
          .set({ paidMinor: sql`${bookings.paidMinor} + ${pay.amountMinor}`, updatedAt: new Date() })
          .where(eq(bookings.id, m.bookingId));
      }
      const details = m.requestDetails as RequestDetails;
      const payment = {
        intentId: intent.id,
        nextActionUrl: intent.status === "requires_action" ? (intent.nextActionUrl ?? null) : null,
        status: intent.status,
      };
      const log = withLog(m, {
        step: "payment",
        source: ctx.source,
        status: intent.status,
        ...(ctx.eventId ? { eventId: ctx.eventId } : {}),
      });
      const base = { paymentTransactionId: pay.id, requestDetails: { ...details, payment }, providerResponse: log };

      if (m.status !== "awaiting_payment") {
        // Money taken for a change that was abandoned or failed meanwhile: a human returns it.
        if (!wasSucceeded && pay.status === "succeeded" && (m.status === "cancelled" || m.status === "failed")) {
          await recordEvent(tx, "rollback/failed", {
            rollbackId: `modification-charge:${m.id}`,
            bookingId: m.bookingId,
            modificationId: m.id,
            step: "charge for an abandoned change",
            error: `payment ${intent.id} succeeded after the change became ${m.status}: refund it`,
          });
          return { action: "orphaned_charge", modification: m };
        }
        // Already moved on (the page or an earlier event got here first): nothing to do.
        return { action: "noop", modification: m };
      }
      if (intent.status === "succeeded") {
        const row = await moveModification(tx, m, "submitted", { ...base, submittedAt: new Date() });
        return { action: "submitted", modification: row };
      }
      if (intent.status === "requires_action" || intent.status === "processing") {
        const [row] = await tx
          .update(bookingModifications)
          .set(base)
          .where(eq(bookingModifications.id, m.id))
          .returning();
        return { action: "requires_action", nextActionUrl: payment.nextActionUrl, modification: row };
      }
      const message = failureMessage(
        intent.lastError?.declineCode ?? intent.lastError?.code,
        intent.lastError?.message,
      );
      const row = await moveModification(tx, m, "failed", { ...base, completedAt: new Date(), userNotes: message });
      return { action: "failed", message, modification: row };
    })
    .then((r) => ({
      action: r.action,
      ...("nextActionUrl" in r ? { nextActionUrl: r.nextActionUrl } : {}),
      ...("message" in r ? { message: r.message } : {}),
      modificationId: r.modification?.id,
    }));
}

/** Any news about an intent (webhook, payment page, return from Stripe's page). Idempotent. */
export async function onFeeIntentUpdate(
  db: Db,
  intent: GatewayPaymentIntent,
  ctx: { source: "webhook" | "page" | "return"; eventId?: string },
): Promise<{ action: string }> {
  return recordIntent(db, intent, ctx);
}
