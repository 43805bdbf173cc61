import type { Tx } from "@/db/client";
import { insertJsonRows } from "@/db/raw-sql";
import { bookingItems, bookings } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { statusAgreesWithItems } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import type { BookingStatus } from "@/server/domain/statuses";
import { outboxInsert } from "@/server/services/events/record-event";
import { historyInsert, runAsOne } from "./history";

export type NewBooking = typeof bookings.$inferInsert & { id: string; status: BookingStatus };
export type NewItem = typeof bookingItems.$inferInsert & { id: string; bookingId: string };

/** Statuses that need their money history (refunds, chargebacks) brought along: not created here. */
const needsMoneyHistory: readonly BookingStatus[] = ["refunded", "disputed"];

/**
 * Creates bookings in a given status with their items, one first history row each (from nothing
 * to the status, `reason`: "created" at intake, "imported" for an import) and `booking/created`:
 * the one writer that puts a status on a new booking. The status must agree with the items' (all
 * cancelled → cancelled, some → partially_cancelled); a refunded or disputed booking carries money
 * history that this writer does not take, so it is refused with that reason, unless the caller
 * writes a refunded booking's refunds in the same transaction (`withMoneyHistory`: imports).
 */
export async function createBookings(
  tx: Tx,
  rows: readonly { booking: NewBooking; items: readonly NewItem[] }[],
  { withMoneyHistory, ...ctx }: { actor: Actor; reason: string; at?: Date; withMoneyHistory?: boolean },
) {
  if (rows.length === 0) return;
  for (const { booking, items } of rows) {
    const refuse = (why: string) => {
      throw new DomainError("invalid", `Booking ${booking.bookingReference}: ${why}`, { bookingId: booking.id });
    };
    if (needsMoneyHistory.includes(booking.status) && !(withMoneyHistory && booking.status === "refunded"))
      refuse(`a ${booking.status} booking needs its money history`);
    if (items.length === 0) refuse("a booking needs at least one item");
    if (items.some((i) => i.bookingId !== booking.id)) refuse("an item belongs to another booking");
    if (
      !statusAgreesWithItems(
        booking.status,
        items.map((i) => i.status ?? "pending"),
      )
    )
      refuse(`its status ${booking.status} disagrees with its items' statuses`);
  }
  const at = ctx.at ?? new Date();
  // One parameter per table rather than one per value: intake's throughput depends on it.
  await tx.execute(
    insertJsonRows(
      bookings,
      rows.map((r) => ({ statusChangedAt: at, ...r.booking })),
    ),
  );
  await runAsOne(tx, [
    insertJsonRows(
      bookingItems,
      rows.flatMap((r) => r.items.map((i) => ({ statusChangedAt: at, ...i }))),
    ),
    historyInsert(rows.map(({ booking }) => ({ bookingId: booking.id, from: null, to: booking.status, ...ctx, at }))),
    outboxInsert(
      "booking/created",
      rows.map(({ booking }) => ({
        bookingId: booking.id,
        status: booking.status,
        actor: ctx.actor,
        reason: ctx.reason,
      })),
    ),
  ]);
}
