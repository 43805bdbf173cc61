// The local gateway's payment intents: Stripe's test payment methods, creating (declines, 3-D
// Secure), retrieving and canceling an intent, the local payment page's answer
// (completeLocalAction), and captured checkout charges for the demo and tests (createLocalCharge).
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { localGatewayPaymentIntents } from "@/db/schema";
import { GatewayError, PaymentDeclinedError } from "./errors";
import type { CreatePaymentIntentRequest, GatewayPaymentIntent, PaymentGateway } from "./gateway";
import { idempotent, notFound } from "./local-idempotency";
import { type ActionUrl, emitEvent, intentJson, newId } from "./local-objects";
import { mapIntent } from "./stripe-gateway";
import { toStripeAmount } from "./stripe-amounts";

export const testPaymentMethods = {
  succeeds: "pm_card_visa",
  requiresAuthentication: "pm_card_authenticationRequired",
  declined: "pm_card_chargeDeclined",
  insufficientFunds: "pm_card_chargeDeclinedInsufficientFunds",
} as const;

/** The gateway's payment intent methods; `actionUrl` is the local payment page for `requires_action`. */
export function localIntentMethods(
  db: Db,
  actionUrl: ActionUrl,
): Pick<PaymentGateway, "createPaymentIntent" | "retrievePaymentIntent" | "cancelPaymentIntent"> {
  const mapPi = (x: unknown) => mapIntent(x as Stripe.PaymentIntent);

  return {
    async createPaymentIntent(req: CreatePaymentIntentRequest) {
      toStripeAmount(req.amountMinor, req.currency);
      const params = {
        ...req,
        currency: req.currency.toUpperCase(),
        metadata: req.metadata ?? {},
        idempotencyKey: undefined,
      };
      return idempotent(
        db,
        req.idempotencyKey,
        "payment_intent.create",
        params,
        "charge",
        async (tx, fault) => {
          const id = newId("pi");
          const base = {
            id,
            amountMinor: req.amountMinor,
            currency: params.currency,
            paymentMethodId: req.paymentMethodId,
            customerId: req.customerId ?? null,
            description: req.description,
            metadata: params.metadata,
            returnUrl: req.returnUrl,
            clientSecret: `${id}_secret_${newId("s").slice(8)}`,
            chargeId: newId("ch"),
          };
          const declineCode =
            fault?.mode === "decline"
              ? (fault.declineCode ?? "generic_decline")
              : req.paymentMethodId === testPaymentMethods.declined
                ? "generic_decline"
                : req.paymentMethodId === testPaymentMethods.insufficientFunds
                  ? "insufficient_funds"
                  : null;
          if (declineCode) {
            const lastError = { code: "card_declined", decline_code: declineCode, message: "Your card was declined." };
            const [pi] = await tx
              .insert(localGatewayPaymentIntents)
              .values({ ...base, status: "requires_payment_method", lastError })
              .returning();
            await emitEvent(tx, "payment_intent.payment_failed", intentJson(pi, actionUrl), req.idempotencyKey);
            return {
              object: intentJson(pi, actionUrl),
              declined: new PaymentDeclinedError(declineCode, lastError.message, { paymentIntentId: id }),
            };
          }
          if (req.paymentMethodId === testPaymentMethods.requiresAuthentication) {
            const [pi] = await tx
              .insert(localGatewayPaymentIntents)
              .values({ ...base, chargeId: null, status: "requires_action" })
              .returning();
            await emitEvent(tx, "payment_intent.requires_action", intentJson(pi, actionUrl), req.idempotencyKey);
            return { object: intentJson(pi, actionUrl) };
          }
          const [pi] = await tx
            .insert(localGatewayPaymentIntents)
            .values({ ...base, status: "succeeded", amountReceivedMinor: req.amountMinor })
            .returning();
          await emitEvent(tx, "payment_intent.succeeded", intentJson(pi, actionUrl), req.idempotencyKey);
          return { object: intentJson(pi, actionUrl) };
        },
        mapPi,
      );
    },

    async retrievePaymentIntent(id) {
      const [pi] = await db.select().from(localGatewayPaymentIntents).where(eq(localGatewayPaymentIntents.id, id));
      if (!pi) throw notFound("payment_intent", id);
      return mapPi(intentJson(pi, actionUrl));
    },

    async cancelPaymentIntent(id, opts) {
      return idempotent(
        db,
        opts?.idempotencyKey,
        "payment_intent.cancel",
        { id },
        null,
        async (tx) => {
          const [pi] = await tx
            .select()
            .from(localGatewayPaymentIntents)
            .where(eq(localGatewayPaymentIntents.id, id))
            .for("update");
          if (!pi) throw notFound("payment_intent", id);
          if (pi.status === "canceled") return { object: intentJson(pi, actionUrl) };
          if (pi.status === "succeeded") {
            throw new GatewayError(
              "invalid",
              `PaymentIntent ${id} has succeeded and cannot be canceled: refund it`,
              "payment_intent_unexpected_state",
            );
          }
          const [upd] = await tx
            .update(localGatewayPaymentIntents)
            .set({ status: "canceled", updatedAt: new Date() })
            .where(eq(localGatewayPaymentIntents.id, id))
            .returning();
          await emitEvent(tx, "payment_intent.canceled", intentJson(upd, actionUrl), opts?.idempotencyKey ?? null);
          return { object: intentJson(upd, actionUrl) };
        },
        mapPi,
      );
    },
  };
}

/** The local payment page's answer for a card that needed authentication. */
export async function completeLocalAction(
  db: Db,
  intentId: string,
  outcome: "succeed" | "fail",
  actionUrl: ActionUrl = (id) => `/pay/authenticate/${id}`,
): Promise<GatewayPaymentIntent> {
  return db.transaction(async (tx) => {
    const [pi] = await tx
      .select()
      .from(localGatewayPaymentIntents)
      .where(eq(localGatewayPaymentIntents.id, intentId))
      .for("update");
    if (!pi) throw notFound("payment_intent", intentId);
    if (pi.status !== "requires_action")
      throw new GatewayError(
        "invalid",
        `PaymentIntent ${intentId} is ${pi.status}, not waiting for authentication`,
        "payment_intent_unexpected_state",
      );
    const [upd] = await tx
      .update(localGatewayPaymentIntents)
      .set(
        outcome === "succeed"
          ? {
              status: "succeeded",
              amountReceivedMinor: pi.amountMinor,
              chargeId: newId("ch"),
              lastError: null,
              updatedAt: new Date(),
            }
          : {
              status: "requires_payment_method",
              updatedAt: new Date(),
              lastError: {
                code: "payment_intent_authentication_failure",
                message: "The card's authentication failed.",
              },
            },
      )
      .where(eq(localGatewayPaymentIntents.id, intentId))
      .returning();
    await emitEvent(
      tx,
      outcome === "succeed" ? "payment_intent.succeeded" : "payment_intent.payment_failed",
      intentJson(upd, actionUrl),
    );
    return mapIntent(intentJson(upd, actionUrl) as unknown as Stripe.PaymentIntent);
  });
}

/** Demo and tests: a captured charge, as the checkout (outside this product) would have made. */
export async function createLocalCharge(
  db: Db,
  c: { amountMinor: number; currency: string; id?: string; chargeId?: string; metadata?: Record<string, string> },
): Promise<{ paymentIntentId: string; chargeId: string }> {
  const id = c.id ?? newId("pi"),
    chargeId = c.chargeId ?? newId("ch");
  await db.insert(localGatewayPaymentIntents).values({
    id,
    chargeId,
    status: "succeeded",
    amountMinor: c.amountMinor,
    amountReceivedMinor: c.amountMinor,
    currency: c.currency.toUpperCase(),
    clientSecret: `${id}_secret_checkout`,
    metadata: c.metadata ?? {},
    description: "Checkout charge",
  });
  return { paymentIntentId: id, chargeId };
}
