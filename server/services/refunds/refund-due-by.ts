import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingItems, bookings, paymentTransactions } from "@/db/schema";
import {
  refundDeadline,
  usCarrierProviders,
  euCarrierProviders,
  type DeadlineFlight,
  type PaymentMethod,
  type RefundDeadline,
} from "@/server/domain/refund-deadlines";
import type { CardFunding } from "@/server/domain/statuses";

type Segment = { from?: string; to?: string; fromCountry?: string; toCountry?: string };

/**
 * The legal deadline of a refund owed on this booking from `owedAt` (US DOT, EU 261, the Package
 * Travel Directive: the strictest that applies), read from the booking's flights and the tender it
 * goes back to: its method, and for a card its funding from the payment row (the DOT clock is 7
 * business days for a credit card, 20 days for a debit card). Callers that hold the payment row pass
 * it; given only a method, the funding is read from the booking's succeeded charge of that method.
 * Null when no rule binds it (then the refunds function still pays at once; nothing to alert on).
 */
export async function refundDueBy(
  tx: Tx,
  bookingId: string,
  owedAt: Date,
  tender: PaymentMethod | { method: PaymentMethod; funding: CardFunding | null },
): Promise<RefundDeadline | null> {
  const { method, funding } = typeof tender === "string" ? await chargeFunding(tx, bookingId, tender) : tender;
  const [booking] = await tx.select({ type: bookings.bookingType }).from(bookings).where(eq(bookings.id, bookingId));
  const items = await tx
    .select({ category: bookingItems.category, provider: bookingItems.providerCode, details: bookingItems.itemDetails })
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, bookingId));
  const flights: DeadlineFlight[] = items
    .filter((i) => i.category === "flight")
    .flatMap((i) =>
      ((i.details as { segments?: Segment[] } | null)?.segments ?? []).map((s) => ({
        from: { iata: s.from, country: s.fromCountry },
        to: { iata: s.to, country: s.toCountry },
        usCarrier: usCarrierProviders.has(i.provider),
        euCarrier: euCarrierProviders.has(i.provider),
      })),
    );
  return refundDeadline({ owedAt, paymentMethod: method, funding, flights, isPackage: booking?.type === "package" });
}

async function chargeFunding(tx: Tx, bookingId: string, method: PaymentMethod) {
  const [p] = await tx
    .select({ funding: paymentTransactions.funding })
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.bookingId, bookingId),
        eq(paymentTransactions.kind, "charge"),
        eq(paymentTransactions.status, "succeeded"),
        eq(paymentTransactions.method, method),
      ),
    )
    .orderBy(asc(paymentTransactions.createdAt))
    .limit(1);
  return { method, funding: p?.funding ?? null };
}
