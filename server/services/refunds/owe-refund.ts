// The one writer of refund rows (issue 23): every path that owes money back calls oweRefund inside
// its own transaction. It splits the amount over the booking's tenders (server/domain/tenders.ts),
// writes one row per leg, holds a leg whose payment is under an open dispute, and records the
// caller's outbox event per leg. A chargeback is not a refund we owe: record-chargeback writes it.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { disputes, paymentTransactions, refunds, type RefundBreakdown } from "@/db/schema";
import type { ActorKind } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import type { EventPayload } from "@/server/events/catalogue";
import { formatMoney, settleableRefund } from "@/server/domain/money";
import { openDisputeStatuses, type RefundStatus } from "@/server/domain/statuses";
import { splitRefund } from "@/server/domain/tenders";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";
import { refundDueBy } from "./refund-due-by";

/** A refund above what the booking's tenders can still take back: refused, never capped silently. */
export class RefundAboveTenders extends DomainError {
  constructor(
    public readonly askedMinor: number,
    public readonly roomMinor: number,
    currency: string,
  ) {
    super(
      "invalid",
      `A refund of ${formatMoney(askedMinor, currency)} is above the ${formatMoney(roomMinor, currency)} left to refund on this booking's payments`,
      { field: "amountMinor", askedMinor, leftMinor: roomMinor },
    );
  }
}

export type OweRefundInput = {
  bookingId: string;
  amountMinor: number;
  currency: string;
  /** Idempotency key of the first leg; further legs add the tender's id. A known key = already owed. */
  key: string;
  /** Refund reference of the first leg (unique); further legs add `-2`, `-3`. */
  reference: string;
  reason: string;
  requestedBy: ActorKind;
  breakdown?: RefundBreakdown;
  cancellationRequestId?: string;
  /** Only this payment may be refunded (a change fee's own charge). */
  paymentId?: string;
  /** Ops pays while the charge is disputed: why. Without it a disputed leg is `held`. */
  override?: { reason: string };
  /** What the caller's path writes per leg: `refund/owed` or `refund/requested` (with its extra fields). */
  event:
    | { name: "refund/owed"; data?: Pick<EventPayload<"refund/owed">, "itemId" | "modificationId"> }
    | { name: "refund/requested"; data?: Pick<EventPayload<"refund/requested">, "cancellationId" | "by" | "manual"> };
  /** Above the tenders: refuse (default), or place what fits and raise a high alert (a provider already cancelled). */
  whenShort?: "refuse" | "alert";
  /** Recorded as already answered (the gateway refunded before the row was written, a chargeback): status and ids. */
  paid?: { status: RefundStatus; stripeRefundId: string | null; stripeStatus: string };
  extra?: Partial<typeof refunds.$inferInsert>;
  now?: Date;
};

export type OwedLeg = { id: string; paymentId: string; method: string; amountMinor: number; status: RefundStatus };

/** Returns the legs written; empty when the key was already used (idempotent) or nothing is owed. */
export async function oweRefund(tx: Tx, input: OweRefundInput): Promise<OwedLeg[]> {
  const now = input.now ?? new Date();
  if (input.amountMinor <= 0) return [];
  // The payments first, locked: every writer of their refunded_minor (the refunds trigger) waits here.
  const tenders = await tx
    .select()
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.bookingId, input.bookingId),
        eq(paymentTransactions.status, "succeeded"),
        input.paymentId ? eq(paymentTransactions.id, input.paymentId) : eq(paymentTransactions.kind, "charge"),
      ),
    )
    .orderBy(asc(paymentTransactions.createdAt), asc(paymentTransactions.id))
    .for("update");
  const [done] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.idempotencyKey, input.key));
  if (done) return [];
  const withRoom = tenders
    .filter((t) => t.currency === input.currency)
    .map((t) => ({ ...t, roomMinor: t.amountMinor - t.refundedMinor }));
  const room = withRoom.filter((t) => t.method !== "promo").reduce((s, t) => s + Math.max(t.roomMinor, 0), 0);
  if (input.amountMinor > room) {
    if (input.whenShort !== "alert") throw new RefundAboveTenders(input.amountMinor, room, input.currency);
    // Nothing left at all: everything already went back another way, nothing more is owed.
    if (room <= 0) return [];
    await raiseAlert(tx, {
      severity: "high",
      source: "refund_short",
      bookingId: input.bookingId,
      dedupeKey: `refund_short:${input.key}`,
      details: { key: input.key, askedMinor: input.amountMinor, leftMinor: room, currency: input.currency },
      title: `Refund ${input.reference}: ${formatMoney(input.amountMinor, input.currency)} owed but only ${formatMoney(room, input.currency)} left on the payments; the rest needs a human`,
    });
  }
  const amount = settleableRefund(input.amountMinor, input.currency, room);
  if (amount <= 0) return [];
  const { legs } = splitRefund(amount, withRoom);
  const disputed = await disputedPayments(
    tx,
    legs.map((l) => l.tender.id),
  );

  const written: OwedLeg[] = [];
  for (const [i, leg] of legs.entries()) {
    const held = !input.paid && !input.override && disputed.has(leg.tender.id);
    const status: RefundStatus = input.paid?.status ?? (held ? "held" : "pending");
    // Money already back (the gateway answered, a chargeback) has no legal deadline left to run.
    const deadline = input.paid ? null : await refundDueBy(tx, input.bookingId, now, leg.tender.method);
    const [r] = await tx
      .insert(refunds)
      .values({
        ...input.extra,
        bookingId: input.bookingId,
        cancellationRequestId: input.cancellationRequestId ?? null,
        paymentTransactionId: leg.tender.id,
        refundReference: i === 0 ? input.reference : `${input.reference}-${i + 1}`,
        idempotencyKey: i === 0 ? input.key : `${input.key}:${leg.tender.id}`,
        amountMinor: leg.amountMinor,
        currency: input.currency,
        status,
        reason: input.reason.slice(0, 255),
        requestedBy: input.requestedBy,
        breakdown: input.breakdown ?? null,
        dueBy: deadline?.dueBy ?? null,
        disputeOverrideReason: input.override?.reason ?? null,
        ...(input.paid
          ? { stripeRefundId: input.paid.stripeRefundId, stripeStatus: input.paid.stripeStatus, processedAt: now }
          : {}),
      })
      .onConflictDoNothing({ target: refunds.idempotencyKey })
      .returning({ id: refunds.id });
    if (!r) continue;
    written.push({
      id: r.id,
      paymentId: leg.tender.id,
      method: leg.tender.method,
      amountMinor: leg.amountMinor,
      status,
    });
    if (input.paid) continue; // the caller records what the gateway answered
    const money = {
      refundId: r.id,
      bookingId: input.bookingId,
      amountMinor: leg.amountMinor,
      currency: input.currency,
    };
    if (held)
      await recordEvent(tx, "refund/held", { ...money, paymentId: leg.tender.id, reason: input.reason.slice(0, 255) });
    else if (input.event.name === "refund/owed")
      await recordEvent(tx, "refund/owed", { ...input.event.data, ...money });
    else await recordEvent(tx, "refund/requested", { ...input.event.data, ...money });
  }
  return written;
}

/** Payments among these with an open dispute. */
export async function disputedPayments(tx: Tx, paymentIds: string[]): Promise<Set<string>> {
  if (paymentIds.length === 0) return new Set();
  const rows = await tx
    .select({ paymentId: disputes.paymentTransactionId })
    .from(disputes)
    .where(and(inArray(disputes.paymentTransactionId, paymentIds), inArray(disputes.status, [...openDisputeStatuses])));
  return new Set(rows.map((r) => r.paymentId!));
}
