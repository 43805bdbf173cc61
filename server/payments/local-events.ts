// The local gateway's clock and its webhooks. advanceLocalGateway settles refunds that were left
// pending (the `fail_later` fault) once due; deliverLocalGatewayEvents signs each undelivered event
// with the Stripe scheme and posts it, in order, marking it delivered on a 2xx. Delivery is at
// least once (a crash between post and mark resends): receivers dedupe on the event id, as with Stripe.
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { localGatewayEvents, localGatewayPaymentIntents, localGatewayRefunds } from "@/db/schema";
import { chargeJson, emitEvent, refundJson } from "./local-objects";
import { signStripePayload } from "./webhook-signature";

/** Settles due pending refunds (→ failed: money back to the merchant's balance, events emitted). */
export async function advanceLocalGateway(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(localGatewayRefunds)
      .where(and(eq(localGatewayRefunds.status, "pending"), lte(localGatewayRefunds.settleAt, now)))
      .orderBy(asc(localGatewayRefunds.settleAt))
      .limit(100)
      .for("update", { skipLocked: true });
    for (const r of due) {
      const to = r.settleTo === "succeeded" ? "succeeded" : "failed";
      const [upd] = await tx
        .update(localGatewayRefunds)
        .set({
          status: to,
          failureReason: to === "failed" ? "expired_or_canceled_card" : null,
          settleAt: null,
          updatedAt: now,
        })
        .where(eq(localGatewayRefunds.id, r.id))
        .returning();
      const json = refundJson(upd);
      if (to === "failed") {
        // A failed refund returns the money to the balance: it no longer counts against the charge.
        await tx
          .update(localGatewayPaymentIntents)
          .set({ refundedMinor: sql`${localGatewayPaymentIntents.refundedMinor} - ${r.amountMinor}`, updatedAt: now })
          .where(eq(localGatewayPaymentIntents.id, r.paymentIntentId));
        await emitEvent(tx, "charge.refund.updated", json);
        await emitEvent(tx, "refund.updated", json);
        await emitEvent(tx, "refund.failed", json);
      } else {
        const [pi] = await tx
          .select()
          .from(localGatewayPaymentIntents)
          .where(eq(localGatewayPaymentIntents.id, r.paymentIntentId));
        await emitEvent(tx, "charge.refund.updated", json);
        await emitEvent(tx, "refund.updated", json);
        await emitEvent(tx, "charge.refunded", chargeJson(pi));
      }
    }
    return due.length;
  });
}

export type DeliverResult = { delivered: number; failed: number };

/**
 * Sends undelivered events in order through `post(body, signatureHeader)` (which returns the HTTP
 * status), after settling what is due. Stops at the first failure so order is kept; the event
 * records its attempts and last error and is sent again next time.
 */
export async function deliverLocalGatewayEvents(
  db: Db,
  post: (body: string, signatureHeader: string) => Promise<number>,
  opts: { webhookSecret: string; limit?: number; now?: () => Date },
): Promise<DeliverResult> {
  const now = opts.now ?? (() => new Date());
  await advanceLocalGateway(db, now());
  const batch = await db
    .select()
    .from(localGatewayEvents)
    .where(isNull(localGatewayEvents.deliveredAt))
    .orderBy(asc(localGatewayEvents.seq))
    .limit(opts.limit ?? 100);
  let delivered = 0;
  for (const e of batch) {
    const body = JSON.stringify(e.payload);
    let status = 0,
      error: string | null = null;
    try {
      status = await post(body, signStripePayload(body, opts.webhookSecret, Math.floor(now().getTime() / 1000)));
    } catch (x) {
      error = x instanceof Error ? x.message : String(x);
    }
    if (status >= 200 && status < 300) {
      await db
        .update(localGatewayEvents)
        .set({ deliveredAt: now(), attempts: sql`${localGatewayEvents.attempts} + 1`, lastError: null })
        .where(eq(localGatewayEvents.seq, e.seq));
      delivered++;
      continue;
    }
    await db
      .update(localGatewayEvents)
      .set({ attempts: sql`${localGatewayEvents.attempts} + 1`, lastError: error ?? `HTTP ${status}` })
      .where(eq(localGatewayEvents.seq, e.seq));
    return { delivered, failed: 1 };
  }
  return { delivered, failed: 0 };
}
