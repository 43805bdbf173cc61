import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookings } from "@/db/schema";
import { compareWithProvider, type IntakeVerdict } from "@/server/domain/provider-match";
import { ProviderError, providerAdapter, type ProviderBooking } from "@/server/providers";

export type ItemCheck = { itemId: string; providerCode: string; verdict: IntakeVerdict };

/**
 * The providers a pending intake booking must still be confirmed with, one step each
 * (docs/architecture.md, "Intake journey"). None when the booking is no longer pending: a repeated
 * run has nothing left to ask.
 */
export async function intakeProviderPlan(db: Db, bookingId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ providerCode: bookingItems.providerCode })
    .from(bookingItems)
    .innerJoin(bookings, eq(bookings.id, bookingItems.bookingId))
    .where(
      and(eq(bookingItems.bookingId, bookingId), eq(bookings.status, "pending"), eq(bookingItems.status, "pending")),
    )
    .orderBy(asc(bookingItems.providerCode));
  return rows.map((r) => r.providerCode);
}

/** The provider has not decided on an item yet: the step fails and the job asks again after its backoff. */
export class ProviderUndecided extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderUndecided";
  }
}

/**
 * Reads one provider's booking for each of the booking's pending items at that provider and
 * compares it with the item (server/domain/provider-match.ts). Reads only: nothing is written, so
 * the step that runs this may run again. An unknown reference is an answer (a mismatch); a
 * provider that cannot be reached throws its retryable ProviderError for the job to retry.
 */
export async function checkItemsWithProvider(db: Db, bookingId: string, providerCode: string): Promise<ItemCheck[]> {
  const items = await db
    .select()
    .from(bookingItems)
    .where(
      and(
        eq(bookingItems.bookingId, bookingId),
        eq(bookingItems.providerCode, providerCode),
        eq(bookingItems.status, "pending"),
      ),
    )
    .orderBy(asc(bookingItems.id));
  if (items.length === 0) return [];
  const adapter = await providerAdapter(db, providerCode);
  const checks: ItemCheck[] = [];
  for (const item of items) {
    const theirs = item.providerBookingId ? await readOrNull(adapter.getBooking(item.providerBookingId)) : null;
    const verdict = compareWithProvider(item, theirs);
    if (verdict.outcome === "wait")
      throw new ProviderUndecided(`${providerCode} ${item.providerBookingId}: ${verdict.reason}`);
    checks.push({ itemId: item.id, providerCode, verdict });
  }
  return checks;
}

async function readOrNull(call: Promise<ProviderBooking>): Promise<ProviderBooking | null> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof ProviderError && e.kind === "not_found") return null;
    throw e;
  }
}
