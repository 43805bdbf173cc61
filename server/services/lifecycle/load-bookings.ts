import { canTransitionBooking, itemTransitions, statusAgreesWithItems } from "@/server/domain/booking-machine";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";

type Row = Record<string, unknown>;
const instant = (v: unknown) => new Date(v as string | Date).getTime();
/** Rows as a bulk loader writes them (snake_case columns). */
export type LoadedBookings = { bookings: Row[]; booking_items: Row[]; booking_status_history: Row[] };

/**
 * What a bulk load of bookings in their current status must satisfy before it is written: every
 * recorded move (history row) is one the machines allow, each booking's status agrees with its
 * items' (all cancelled → cancelled, some → partially_cancelled; a dispute keeps its own), and a
 * booking's latest history row ends in its status. Returns the problems, empty when it loads.
 */
export function checkLoadedBookings(batch: LoadedBookings): string[] {
  const problems: string[] = [];
  const itemsOf = new Map<string, ItemStatus[]>();
  for (const i of batch.booking_items)
    itemsOf.set(i.booking_id as string, [...(itemsOf.get(i.booking_id as string) ?? []), i.status as ItemStatus]);
  const lastMove = new Map<string, Row>();
  for (const h of batch.booking_status_history) {
    const from = h.from_status as string | null,
      to = h.to_status as string;
    if (h.booking_item_id) {
      if (from && !itemTransitions[from as ItemStatus]?.includes(to as ItemStatus))
        problems.push(`item ${h.booking_item_id}: ${from} → ${to} is not a move of the item machine`);
      continue;
    }
    if (from && from !== "disputed" && !canTransitionBooking(from as BookingStatus, to as BookingStatus))
      problems.push(`booking ${h.booking_id}: ${from} → ${to} is not a move of the booking machine`);
    const prev = lastMove.get(h.booking_id as string);
    if (!prev || instant(prev.created_at) <= instant(h.created_at)) lastMove.set(h.booking_id as string, h);
  }
  for (const b of batch.bookings) {
    const status = b.status as BookingStatus,
      id = b.id as string;
    if (!statusAgreesWithItems(status, itemsOf.get(id) ?? []))
      problems.push(`booking ${id}: ${status} disagrees with its items' statuses`);
    const last = lastMove.get(id);
    if (last && last.to_status !== status)
      problems.push(`booking ${id}: ${status}, but its history ends in ${last.to_status}`);
  }
  return problems;
}

/**
 * The lifecycle's bulk writer for bookings that arrive in their current status with their history
 * (the demo seed today; imports build on it): checked first, then written by `insert`, the caller's
 * bulk loader, in one transaction with the rest of the caller's batch.
 */
export async function loadBookings(
  batch: LoadedBookings,
  insert: (table: keyof LoadedBookings, rows: Row[]) => Promise<void>,
): Promise<void> {
  const problems = checkLoadedBookings(batch);
  if (problems.length) throw new Error(`Bookings refused by the lifecycle:\n${problems.slice(0, 10).join("\n")}`);
  for (const table of ["bookings", "booking_items", "booking_status_history"] as const)
    await insert(table, batch[table]);
}
