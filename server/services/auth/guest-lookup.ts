import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { sameName } from "@/server/domain/names";
import { hitRateLimits } from "@/server/services/rate-limit/hit-rate-limits";

export type GuestLookupInput = { reference: string; lastName: string; ip: string };
/** Look-ups allowed per address, and per address and reference, in a sliding window. */
export type GuestLimits = { perAddress: number; perReference: number; windowSeconds: number };

/**
 * Finds the one booking a guest may see, by reference + the lead traveler's last name.
 * A wrong reference and a wrong name give the same answer (null), so the look-up cannot be used
 * to learn which references exist. Limited per address (references cannot be swept) and per
 * address and reference (names for one booking cannot be guessed at speed); not per reference
 * alone, so that a stranger's guesses never lock the traveler out of their own booking.
 */
export async function guestLookup(db: Db, input: GuestLookupInput, limits: GuestLimits, now = new Date()) {
  const reference = input.reference.trim().toUpperCase();
  const { windowSeconds } = limits;
  const answer = await hitRateLimits(
    db,
    [
      { key: `guest:ip:${input.ip}`, limit: limits.perAddress, windowSeconds },
      { key: `guest:ip-ref:${input.ip}:${reference}`, limit: limits.perReference, windowSeconds },
    ],
    now,
  );
  if (!answer.allowed) {
    throw new DomainError("rate_limited", "Too many attempts. Please wait a few minutes and try again.", {
      retryAt: answer.retryAt,
    });
  }
  const [b] = await db
    .select({
      id: bookings.id,
      reference: bookings.bookingReference,
      lastName: bookings.leadLastName,
      travelers: bookings.travelers,
    })
    .from(bookings)
    .where(eq(bookings.bookingReference, reference))
    .limit(1);
  if (!b) return null;
  const names = [b.lastName, ...b.travelers.map((t) => t.lastName)];
  if (!names.some((n) => sameName(n, input.lastName))) return null;
  return { bookingId: b.id, reference: b.reference };
}
