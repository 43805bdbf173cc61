// Booking lifecycle: the one way booking and item statuses change (issue 11, item 1).
export { transitionItem } from "./transition-item";
export { transitionBooking } from "./transition-booking";
export type {
  BookingChange,
  BookingTransitionResult,
  ItemTransitionResult,
  SkipReason,
  TransitionBookingInput,
  TransitionContext,
  TransitionItemInput,
} from "./types";
