// Booking-level facts several actions share: which bookings are still open to the traveler, and
// which open requests stand in the way.
import { busyCancellationStatuses, liveBookingStatuses } from "../statuses";
import { refuse, spoken } from "./verdicts";
import type { ActionInput, Refusal } from "./types";

/** Only a live booking (confirmed, ticketed, modified, partially cancelled) is cancelled or changed. */
export const bookingNotOpen = (input: ActionInput, what: string): Refusal | null =>
  liveBookingStatuses.includes(input.booking.status)
    ? null
    : refuse("conflict", `A ${spoken(input.booking.status)} booking cannot be ${what}`);

/** An open cancellation past its quote (a quote awaiting confirmation gives way to a new request). */
export function cancellationUnderWay(input: ActionInput) {
  const c = input.open.cancellation;
  return c && busyCancellationStatuses.includes(c) ? c : null;
}

/** A change already paid for or being made: another change would race it at the providers. */
export function changeUnderWay(input: ActionInput): Refusal | null {
  const c = input.open.changesUnderWay;
  if (c.some((m) => m.status === "submitted"))
    return refuse(
      "conflict",
      "Another change to this booking is being made with the provider: try again once it is done",
    );
  if (c.length)
    return refuse("conflict", "Another change to this booking is waiting for payment: complete or cancel it first");
  return null;
}
