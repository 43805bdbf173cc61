// A submitted modification meets its provider(s). Each provider call is its own step (Inngest, or
// called in line by tests and scripts) with the key `modification:<id>[:<item>]`; each result is
// recorded in its own small transaction. Traveler and item records change only once every provider
// has confirmed. A refusal after money was taken undoes what providers had confirmed and returns the
// money (a gateway refund keyed on the modification); a compensation that fails emits
// `rollback/failed`, which the escalation function turns into a critical alert.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookingModifications, bookings, paymentTransactions, refunds } from "@/db/schema";
import type { Traveler } from "@/db/schema/bookings";
import { formatMoney } from "@/server/domain/money";
import type { ModificationChange, ModificationOutcome } from "@/server/providers/contract";
import { providerAdapter, ProviderError } from "@/server/providers";
import { paymentGateway } from "@/server/payments";
import { GatewayError } from "@/server/payments/errors";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { recordEvent } from "@/server/services/events/record-event";
import { oweRefund } from "@/server/services/refunds/owe-refund";
import { transitionItem } from "@/server/services/lifecycle";
import {
  bookingCharge,
  lockModification,
  type Modification,
  moveModification,
  type RequestDetails,
  withLog,
} from "./common";

/** Runs one named step: `step.run` in the Inngest function, a plain call elsewhere. */
export type StepRunner = <T>(name: string, fn: () => Promise<T>) => Promise<T>;
export const inline: StepRunner = (_name, fn) => fn();

type Target = {
  itemId: string;
  providerCode: string;
  providerBookingId: string;
  change: ModificationChange;
  key: string;
};
type Outcome = ModificationOutcome & { itemId: string; providerCode: string };

function targetsOf(m: Modification): Target[] {
  const d = m.requestDetails as RequestDetails;
  switch (d.kind) {
    case "name_change":
      return d.targets.map((t) => ({
        ...t,
        key: `modification:${m.id}:${t.itemId}`,
        change: { kind: "name_change", travelerIndex: d.travelerIndex, from: d.from, to: d.to },
      }));
    case "date_change":
      return [
        {
          itemId: d.itemId,
          providerCode: d.providerCode,
          providerBookingId: d.providerBookingId,
          key: `modification:${m.id}`,
          change: {
            kind: "date_change",
            startAt: new Date(d.startAt),
            endAt: new Date(d.endAt),
            details: d.details,
            priceMinor: d.newPriceMinor,
          },
        },
      ];
    case "special_request":
      return [
        {
          itemId: d.itemId,
          providerCode: d.providerCode,
          providerBookingId: d.providerBookingId,
          key: `modification:${m.id}`,
          change: { kind: "special_request", text: d.text },
        },
      ];
    default:
      return [];
  }
}

async function load(db: Db, id: string) {
  const [m] = await db.select().from(bookingModifications).where(eq(bookingModifications.id, id));
  return m ?? null;
}

/** One provider call. Retryable provider errors are thrown (the step retries with the same key). */
async function submitOne(db: Db, t: Target): Promise<Outcome> {
  const adapter = await providerAdapter(db, t.providerCode);
  try {
    const r = await adapter.submitModification(t.providerBookingId, t.change, { idempotencyKey: t.key });
    return { ...r, itemId: t.itemId, providerCode: t.providerCode };
  } catch (e) {
    if (e instanceof ProviderError && !e.retryable)
      return {
        status: "rejected",
        reference: "",
        reason: e.message,
        sequence: 0,
        itemId: t.itemId,
        providerCode: t.providerCode,
      };
    throw e;
  }
}

export async function processModification(db: Db, modificationId: string, step: StepRunner = inline) {
  const m = await step("load", async () => {
    const row = await load(db, modificationId);
    return row && row.status === "submitted" ? { id: row.id } : null;
  });
  if (!m) return { action: "skipped" };
  const row = (await load(db, modificationId))!;
  const targets = targetsOf(row);
  const outcomes: Outcome[] = [];
  for (const t of targets) {
    const o = await step(`submit ${t.itemId}`, () => submitOne(db, t));
    outcomes.push(o);
    if (o.status === "rejected") break; // later providers are not asked once one refuses
  }
  if (outcomes.every((o) => o.status === "confirmed")) {
    return step("apply", () => applyConfirmed(db, modificationId, outcomes));
  }
  // Undo what earlier providers confirmed (name changes only reach several providers).
  const reverts: { itemId: string; ok: boolean; error?: string }[] = [];
  for (const o of outcomes.filter((x) => x.status === "confirmed")) {
    const t = targets.find((x) => x.itemId === o.itemId)!;
    if (t.change.kind !== "name_change") continue;
    const back: ModificationChange = { ...t.change, from: t.change.to, to: t.change.from };
    reverts.push(
      await step(`revert ${t.itemId}`, async () => {
        try {
          const r = await submitOne(db, { ...t, change: back, key: `${t.key}:revert` });
          return r.status === "confirmed"
            ? { itemId: t.itemId, ok: true }
            : { itemId: t.itemId, ok: false, error: r.reason ?? "refused" };
        } catch (e) {
          return { itemId: t.itemId, ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
  }
  const rejected = outcomes.find((o) => o.status === "rejected")!;
  const r = await step("reject", () => recordRejected(db, modificationId, rejected, reverts));
  if (r.refundDue) await step("refund charge", () => refundCharge(db, modificationId, "rejected by the provider"));
  return { action: "rejected" };
}

/** Every provider confirmed: the records change now, with history, events and the traveler's message. */
async function applyConfirmed(db: Db, id: string, outcomes: Outcome[]) {
  return db.transaction(async (tx) => {
    const m = await lockModification(tx, id);
    if (!m || m.status !== "submitted") return { action: "noop" };
    const d = m.requestDetails as RequestDetails;
    const [b] = await tx.select().from(bookings).where(eq(bookings.id, m.bookingId)).for("update");
    let change = "";
    for (const o of outcomes) {
      // The provider's state as of its answer is ours: an older webhook is stale, a newer one is next.
      if (o.sequence > 0)
        await tx
          .update(bookingItems)
          .set({ providerSequence: sql`greatest(${bookingItems.providerSequence}, ${o.sequence})` })
          .where(eq(bookingItems.id, o.itemId));
    }
    if (d.kind === "name_change") {
      const travelers = [...b.travelers] as Traveler[];
      travelers[d.travelerIndex] = { ...travelers[d.travelerIndex], ...d.to };
      await tx
        .update(bookings)
        .set({ travelers, ...(d.travelerIndex === 0 ? { leadLastName: d.to.lastName } : {}), updatedAt: new Date() })
        .where(eq(bookings.id, b.id));
      await recordEvent(tx, "documents/requested", { bookingId: b.id, reason: "name_change" });
      change = `Traveler name changed from ${d.from.firstName} ${d.from.lastName} to ${d.to.firstName} ${d.to.lastName}`;
    } else if (d.kind === "date_change") {
      const [item] = await tx.select().from(bookingItems).where(eq(bookingItems.id, d.itemId)).for("update");
      await tx
        .update(bookingItems)
        .set({
          originalDetails: item.originalDetails ?? item.itemDetails,
          itemDetails: d.details,
          startAt: new Date(d.startAt),
          endAt: new Date(d.endAt),
          priceMinor: d.newPriceMinor,
          chargeShareMinor: d.newShareMinor,
          updatedAt: new Date(),
        })
        .where(eq(bookingItems.id, item.id));
      await transitionItem(tx, {
        itemId: item.id,
        to: "modified",
        actor: d.by ?? { kind: m.requestedBy ?? "traveler", id: null },
        reason: `Dates changed to ${d.startDate} – ${d.endDate} (change ${m.id.slice(0, 8)})`,
      });
      const [span] = await tx
        .select({
          start: sql<Date>`min(${bookingItems.startAt})`,
          end: sql<Date>`max(coalesce(${bookingItems.endAt}, ${bookingItems.startAt}))`,
        })
        .from(bookingItems)
        .where(and(eq(bookingItems.bookingId, b.id), eq(bookingItems.isCancelled, false)));
      await tx
        .update(bookings)
        .set({
          totalMinor: sql`${bookings.totalMinor} + ${m.priceDifferenceMinor ?? 0}`,
          travelStartAt: span.start ? new Date(span.start) : b.travelStartAt,
          travelEndAt: span.end ? new Date(span.end) : b.travelEndAt,
          updatedAt: new Date(),
        })
        .where(eq(bookings.id, b.id));
      if (d.refundMinor > 0) await owePriceDifference(tx, m, b, d.refundMinor);
      await recordEvent(tx, "documents/requested", { bookingId: b.id, reason: "date_change" });
      change = `Dates changed to ${d.startDate} – ${d.endDate}${d.refundMinor > 0 ? `; ${formatMoney(d.refundMinor, b.currency)} will be refunded` : ""}`;
    } else if (d.kind === "special_request") {
      change = `Special request confirmed: ${d.text}`;
    }
    await tx
      .update(bookings)
      .set({ modificationCount: sql`${bookings.modificationCount} + 1` })
      .where(eq(bookings.id, b.id));
    const refs = outcomes
      .map((o) => o.reference)
      .filter(Boolean)
      .join(",");
    await moveModification(tx, m, "confirmed", {
      completedAt: new Date(),
      providerModificationId: refs.slice(0, 255) || null,
      providerResponse: withLog(m, { step: "provider", outcomes }),
    });
    await queueCommunication(tx, {
      bookingId: b.id,
      type: "modification_confirmation",
      dedupeKey: `modification_confirmation:${m.id}:${b.id}`,
      templateData: { change, feeMinor: m.totalCostMinor ?? 0, currency: m.currency ?? b.currency },
    });
    return { action: "confirmed" };
  });
}

/**
 * A cheaper date: the difference is owed back to the original payment. Recorded as a pending refund
 * with a key derived from the modification, which the refund path pays out; the key makes it once.
 */
async function owePriceDifference(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  m: Modification,
  b: typeof bookings.$inferSelect,
  owedMinor: number,
) {
  const charge = await bookingCharge(tx, b.id);
  if (!charge) {
    await recordEvent(tx, "rollback/failed", {
      rollbackId: `refund:modification:${m.id}`,
      bookingId: b.id,
      modificationId: m.id,
      step: "refund a price difference",
      error: "the booking has no charge to refund to",
    });
    return;
  }
  // The one refund writer: settleable units, split over the tenders, held while a dispute is open;
  // what the payments can no longer cover is placed as far as it goes, with an alert.
  await oweRefund(tx, {
    bookingId: b.id,
    amountMinor: owedMinor,
    currency: b.currency,
    key: `refund:modification:${m.id}`,
    reference: `RF-${b.bookingReference.slice(-10)}-M${m.id.slice(0, 8).toUpperCase()}`,
    reason: "modification_price_difference",
    requestedBy: m.requestedBy ?? "traveler",
    whenShort: "alert",
    breakdown: {
      baseMinor: owedMinor,
      cancellationFeeMinor: 0,
      processingFeeMinor: 0,
      finalRefundMinor: owedMinor,
      items: [
        {
          itemId: m.bookingItemId ?? "",
          paidMinor: owedMinor,
          feeMinor: 0,
          refundMinor: owedMinor,
          policy: "Cheaper dates: the price difference less the change fee",
        },
      ],
    },
    event: { name: "refund/owed", data: { modificationId: m.id } },
  });
}

/** A provider refused: nothing of ours changes; reverts that failed escalate. Says whether money must go back. */
async function recordRejected(
  db: Db,
  id: string,
  rejected: Outcome,
  reverts: { itemId: string; ok: boolean; error?: string }[],
) {
  return db.transaction(async (tx) => {
    const m = await lockModification(tx, id);
    if (!m || m.status !== "submitted") return { refundDue: !!m?.paymentTransactionId && m.status === "rejected" };
    for (const r of reverts.filter((x) => !x.ok)) {
      await recordEvent(tx, "rollback/failed", {
        rollbackId: `modification:${id}:${r.itemId}:revert`,
        bookingId: m.bookingId,
        itemId: r.itemId,
        modificationId: id,
        step: "undo a name change at a provider that had confirmed it",
        error: r.error ?? "refused",
      });
    }
    const paid = !!m.paymentTransactionId;
    await moveModification(tx, m, "rejected", {
      completedAt: new Date(),
      providerResponse: withLog(m, { step: "provider", rejected, reverts }),
      userNotes: `${rejected.providerCode} declined the change: ${rejected.reason ?? "no reason given"}.${paid ? " The amount you paid is being refunded." : ""} Nothing was changed.`,
    });
    return { refundDue: paid };
  });
}

/**
 * Returns what was charged for a change that did not happen: a gateway refund keyed on the
 * modification (a retried step refunds once), recorded as a refunds row on the change's payment.
 * A refusal by the gateway is a failed compensation: `rollback/failed`.
 */
export async function refundCharge(db: Db, id: string, why: string) {
  const m = (await load(db, id))!;
  if (!m.paymentTransactionId) return { action: "nothing_paid" };
  const [pay] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.id, m.paymentTransactionId));
  const key = `refund:modification-charge:${m.id}`;
  const [done] = await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.idempotencyKey, key));
  if (done) return { action: "already_refunded" };
  if (pay.status !== "succeeded" || !pay.stripePaymentIntentId) {
    // Nothing captured: void the intent instead (a void of a canceled one is a no-op).
    if (pay.stripePaymentIntentId && pay.status !== "canceled" && pay.status !== "failed") {
      try {
        await paymentGateway(db).cancelPaymentIntent(pay.stripePaymentIntentId, {
          idempotencyKey: `modification-void:${m.id}`,
        });
      } catch (e) {
        await escalate(db, m, "void the change's payment", e);
        return { action: "void_failed" };
      }
    }
    return { action: "voided" };
  }
  let refund;
  try {
    refund = await paymentGateway(db).refund({
      idempotencyKey: key,
      paymentIntentId: pay.stripePaymentIntentId,
      amountMinor: pay.amountMinor,
      currency: pay.currency,
      reason: "requested_by_customer",
      metadata: { modificationId: m.id, bookingId: m.bookingId, why },
    });
  } catch (e) {
    if (e instanceof GatewayError && e.retryable) throw e; // the step retries with the same key
    await escalate(db, m, "refund the change's payment", e);
    return { action: "refund_failed" };
  }
  await db.transaction(async (tx) => {
    const [b] = await tx
      .select({ reference: bookings.bookingReference })
      .from(bookings)
      .where(eq(bookings.id, m.bookingId));
    const status = refund.status === "succeeded" ? "succeeded" : refund.status === "failed" ? "failed" : "processing";
    // Already made at the gateway: recorded on the change's own payment as the answer says. The
    // gateway refunded a charge it was told to, so a dispute opened meanwhile does not block the row.
    const [r] = await oweRefund(tx, {
      bookingId: m.bookingId,
      paymentId: pay.id,
      amountMinor: pay.amountMinor,
      currency: pay.currency,
      key,
      reference: `RF-${b.reference.slice(-10)}-C${m.id.slice(0, 8).toUpperCase()}`,
      reason: "modification_not_made",
      requestedBy: "system",
      paid: { status, stripeRefundId: refund.gatewayRefundId, stripeStatus: refund.status },
      override: { reason: "already refunded at the gateway" },
      breakdown: {
        baseMinor: pay.amountMinor,
        cancellationFeeMinor: 0,
        processingFeeMinor: 0,
        finalRefundMinor: pay.amountMinor,
        items: [
          {
            itemId: m.bookingItemId ?? "",
            paidMinor: pay.amountMinor,
            feeMinor: 0,
            refundMinor: pay.amountMinor,
            policy: `Change not made (${why}): paid amount returned in full`,
          },
        ],
      },
      event: { name: "refund/owed" },
    });
    if (r)
      await recordEvent(tx, status === "failed" ? "refund/failed" : "refund/created", {
        refundId: r.id,
        bookingId: m.bookingId,
        modificationId: m.id,
        amountMinor: pay.amountMinor,
        currency: pay.currency,
      });
  });
  return { action: "refunded" };
}

async function escalate(db: Db, m: Modification, what: string, e: unknown) {
  await recordEvent(db, "rollback/failed", {
    rollbackId: `modification-charge:${m.id}`,
    bookingId: m.bookingId,
    modificationId: m.id,
    step: what,
    error: e instanceof Error ? e.message : String(e),
  });
}

/** Retries exhausted on a provider that does not answer: the change fails and its money goes back. */
export async function failModification(db: Db, id: string, error: string) {
  const failed = await db.transaction(async (tx) => {
    const m = await lockModification(tx, id);
    if (!m || m.status !== "submitted") return false;
    await moveModification(tx, m, "failed", {
      completedAt: new Date(),
      internalNotes: error.slice(0, 1000),
      userNotes: `The provider could not be reached to make the change.${m.paymentTransactionId ? " The amount you paid is being refunded." : ""} Nothing was changed.`,
    });
    return true;
  });
  if (failed) await refundCharge(db, id, "provider unreachable");
  return { failed };
}
