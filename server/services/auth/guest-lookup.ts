import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { sameName } from "@/server/domain/names";
import { hitRateLimit } from "@/server/services/rate-limit/hit-rate-limit";

export type GuestLookupInput = { reference: string; lastName: string; ip: string };
export type GuestLimits = { limit: number; windowSeconds: number };

/**
 * Finds the one booking a guest may see, by reference + the lead traveler's last name.
 * A wrong reference and a wrong name give the same answer (null), so the look-up cannot be used
 * to learn which references exist. Limited per address and per reference, so neither names
 * for one reference nor references from one address can be guessed at speed.
 */
export async function guestLookup(db: Db, input: GuestLookupInput, limits: GuestLimits) {
  const reference = input.reference.trim().toUpperCase();
  const [byIp, byRef] = await Promise.all([
    hitRateLimit(db, `guest:ip:${input.ip}`, limits.limit, limits.windowSeconds),
    hitRateLimit(db, `guest:ref:${reference}`, limits.limit, limits.windowSeconds),
  ]);
  if (!byIp.allowed || !byRef.allowed) {
    throw new DomainError("rate_limited", "Too many attempts. Please wait a few minutes and try again.");
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
