import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingItems, bookings } from "@/db/schema";
import {
  refundDeadline,
  usCarrierProviders,
  euCarrierProviders,
  type DeadlineFlight,
  type PaymentMethod,
  type RefundDeadline,
} from "@/server/domain/refund-deadlines";

type Segment = { from?: string; to?: string; fromCountry?: string; toCountry?: string };

/**
 * The legal deadline of a refund owed on this booking from `owedAt` (US DOT, EU 261, the Package
 * Travel Directive: the strictest that applies), read from the booking's flights and payment method.
 * Null when no rule binds it (then the refunds function still pays at once; nothing to alert on).
 */
export async function refundDueBy(
  tx: Tx,
  bookingId: string,
  owedAt: Date,
  method: PaymentMethod,
): Promise<RefundDeadline | null> {
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
  return refundDeadline({ owedAt, paymentMethod: method, flights, isPackage: booking?.type === "package" });
}
