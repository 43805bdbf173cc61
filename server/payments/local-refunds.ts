// The local gateway's refunds: creating one (never beyond what the intent captured; the decline and
// fail_later faults) and retrieving it. A refund naming a checkout charge known only to our
// payment_transactions adopts it as a captured intent (findIntentForUpdate).
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db, Tx } from "@/db/client";
import { localGatewayPaymentIntents, localGatewayRefunds, paymentTransactions, refunds } from "@/db/schema";
import { GatewayError, PaymentDeclinedError } from "./errors";
import type { PaymentGateway, RefundRequest } from "./gateway";
import { idempotent, notFound } from "./local-idempotency";
import { chargeJson, emitEvent, type IntentRow, newId, refundJson } from "./local-objects";
import { mapRefund } from "./stripe-gateway";
import { toStripeAmount } from "./stripe-amounts";

/** The intent a refund names, adopting a checkout charge recorded in payment_transactions if need be. */
async function findIntentForUpdate(
  tx: Tx,
  target: { paymentIntentId?: string; chargeId?: string },
): Promise<IntentRow | null> {
  const where = target.paymentIntentId
    ? eq(localGatewayPaymentIntents.id, target.paymentIntentId)
    : eq(localGatewayPaymentIntents.chargeId, target.chargeId!);
  let [pi] = await tx.select().from(localGatewayPaymentIntents).where(where).for("update");
  if (pi) return pi;
  const [pt] = await tx
    .select()
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.gateway, "local"),
        eq(paymentTransactions.status, "succeeded"),
        target.paymentIntentId
          ? eq(paymentTransactions.stripePaymentIntentId, target.paymentIntentId)
          : eq(paymentTransactions.stripeChargeId, target.chargeId!),
      ),
    )
    .limit(1);
  if (!pt?.stripePaymentIntentId || pt.amountMinor <= 0) return null;
  const [{ done }] = await tx
    .select({ done: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentTransactionId, pt.id), eq(refunds.status, "succeeded")));
  await tx
    .insert(localGatewayPaymentIntents)
    .values({
      id: pt.stripePaymentIntentId,
      chargeId: pt.stripeChargeId,
      status: "succeeded",
      amountMinor: pt.amountMinor,
      amountReceivedMinor: pt.amountMinor,
      refundedMinor: Math.min(Number(done), pt.amountMinor),
      currency: pt.currency,
      clientSecret: `${pt.stripePaymentIntentId}_secret_checkout`,
      description: "Checkout charge",
      metadata: { paymentTransactionId: pt.id },
      createdAt: pt.createdAt,
    })
    .onConflictDoNothing();
  [pi] = await tx.select().from(localGatewayPaymentIntents).where(where).for("update");
  return pi ?? null;
}

/** The gateway's refund methods; `failLaterAfterMs` as in LocalGatewayOptions. */
export function localRefundMethods(
  db: Db,
  o: { failLaterAfterMs?: number },
): Pick<PaymentGateway, "refund" | "retrieveRefund"> {
  return {
    async refund(req: RefundRequest) {
      if (!!req.paymentIntentId === !!req.chargeId)
        throw new GatewayError("invalid", "Give exactly one of paymentIntentId and chargeId", "refund_target", {
          field: "paymentIntentId",
        });
      toStripeAmount(req.amountMinor, req.currency); // the same amount rules as Stripe
      const params = {
        pi: req.paymentIntentId ?? null,
        ch: req.chargeId ?? null,
        amount: req.amountMinor,
        currency: req.currency.toUpperCase(),
        reason: req.reason ?? null,
        metadata: req.metadata ?? {},
      };
      return idempotent(
        db,
        req.idempotencyKey,
        "refund",
        params,
        "refund",
        async (tx, fault) => {
          const pi = await findIntentForUpdate(tx, req);
          if (!pi)
            throw notFound(req.paymentIntentId ? "payment_intent" : "charge", (req.paymentIntentId ?? req.chargeId)!);
          if (pi.currency !== params.currency)
            throw new GatewayError(
              "invalid",
              `Refund currency ${params.currency} differs from the charge's ${pi.currency}`,
              "currency_mismatch",
              { field: "currency" },
            );
          if (pi.status !== "succeeded")
            throw new GatewayError(
              "invalid",
              `PaymentIntent ${pi.id} has no successful charge to refund`,
              "charge_not_refundable",
            );
          if (fault?.mode === "decline") {
            return {
              object: null,
              declined: new PaymentDeclinedError(
                fault.declineCode ?? "refund_declined",
                "The refund was declined (injected fault)",
              ),
            };
          }
          const [upd] = await tx
            .update(localGatewayPaymentIntents)
            .set({
              refundedMinor: sql`${localGatewayPaymentIntents.refundedMinor} + ${req.amountMinor}`,
              updatedAt: new Date(),
            })
            .where(
              and(
                eq(localGatewayPaymentIntents.id, pi.id),
                sql`${localGatewayPaymentIntents.refundedMinor} + ${req.amountMinor} <= ${localGatewayPaymentIntents.amountReceivedMinor}`,
              ),
            )
            .returning();
          if (!upd) {
            const left = pi.amountReceivedMinor - pi.refundedMinor;
            throw new GatewayError(
              "invalid",
              `Refund of ${req.amountMinor} exceeds the ${left} left unrefunded on ${pi.id}`,
              left === 0 ? "charge_already_refunded" : "amount_too_large",
              { field: "amountMinor", remainingMinor: left },
            );
          }
          const failLater = fault?.mode === "fail_later";
          const [r] = await tx
            .insert(localGatewayRefunds)
            .values({
              id: newId("re"),
              paymentIntentId: pi.id,
              chargeId: pi.chargeId,
              amountMinor: req.amountMinor,
              currency: pi.currency,
              status: failLater ? "pending" : "succeeded",
              reason: req.reason ?? null,
              metadata: req.metadata ?? {},
              settleAt: failLater ? new Date(Date.now() + (o.failLaterAfterMs ?? 0)) : null,
              settleTo: failLater ? "failed" : null,
            })
            .returning();
          await emitEvent(tx, "refund.created", refundJson(r), req.idempotencyKey);
          if (!failLater) await emitEvent(tx, "charge.refunded", chargeJson(upd), req.idempotencyKey);
          return { object: refundJson(r) };
        },
        (x) => mapRefund(x as Stripe.Refund),
      );
    },

    async retrieveRefund(id) {
      const [r] = await db.select().from(localGatewayRefunds).where(eq(localGatewayRefunds.id, id));
      if (!r) throw notFound("refund", id);
      return mapRefund(refundJson(r) as unknown as Stripe.Refund);
    },
  };
}
