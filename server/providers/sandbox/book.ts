import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sandboxBookings, sandboxProviderSettings } from "@/db/schema";
import { sandboxToItemStatus } from "./statuses";

/** The provider's own word for a booking's status (CONFIRMED, TICKETED, CANCELLED, …). */
export type SandboxStatus = keyof typeof sandboxToItemStatus;

export type SandboxBookingInput = {
  providerCode: string;
  providerBookingId: string;
  /** Default CONFIRMED: what a checkout's successful booking call leaves at the provider. */
  status?: SandboxStatus;
  /** The provider's description of what it sold (same shapes as item details, db/seed/items.ts). */
  details: Record<string, unknown>;
  priceMinor: number;
  currency: string;
};

/**
 * What a checkout's booking call to a sandbox provider does: the provider now holds the booking
 * under the given reference (tests, e2e and benches play the checkout with it before intake).
 * Booking the same reference again replaces the provider's record, as a newer answer would
 * (its sequence moves on). The provider's default behaviour row is created if missing.
 */
export async function bookAtSandbox(db: Db, bookings: readonly SandboxBookingInput[]): Promise<void> {
  if (bookings.length === 0) return;
  const codes = [...new Set(bookings.map((b) => b.providerCode))];
  await db
    .insert(sandboxProviderSettings)
    .values(codes.map((providerCode) => ({ providerCode })))
    .onConflictDoNothing();
  await db
    .insert(sandboxBookings)
    .values(
      bookings.map((b) => ({
        providerCode: b.providerCode,
        providerBookingId: b.providerBookingId,
        status: b.status ?? "CONFIRMED",
        details: b.details,
        priceMinor: b.priceMinor,
        currency: b.currency,
        updatedAt: new Date(),
      })),
    )
    .onConflictDoUpdate({
      target: [sandboxBookings.providerCode, sandboxBookings.providerBookingId],
      set: {
        status: sql`excluded.status`,
        details: sql`excluded.details`,
        priceMinor: sql`excluded.price_minor`,
        currency: sql`excluded.currency`,
        sequence: sql`${sandboxBookings.sequence} + 1`,
        cancellationReference: null,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}
