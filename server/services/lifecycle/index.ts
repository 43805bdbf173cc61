// Booking lifecycle: the one way booking and item statuses change (docs/architecture.md, "Lifecycle").
// Per-event transitions (transitionItem, transitionBooking) and bulk flows (the webhook batch, the
// completion job, imports) all write through the set-based writers below.
export { transitionItem } from "./transition-item";
export { transitionBooking } from "./transition-booking";
export { writeItemChanges, type ItemStateWrite, type ItemTransitionRecord } from "./write-items";
export { writeBookingChanges, type BookingTransitionRecord } from "./write-bookings";
export { createBookings, type NewBooking, type NewItem } from "./create-bookings";
export type {
  BookingChange,
  BookingTransitionResult,
  ItemTransitionResult,
  SkipReason,
  TransitionBookingInput,
  TransitionContext,
  TransitionItemInput,
} from "./types";
