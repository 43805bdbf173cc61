import type { Actor } from "@/server/domain/actor";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";

/** Who asked for a change and why: what `booking_status_history` keeps. */
export type TransitionContext = {
  actor: Actor;
  reason: string;
  /** The provider's event type (webhook/sync), kept in history. */
  providerEventType?: string | null;
  /** The provider's raw payload, kept in history. */
  providerRawData?: unknown;
  /** The moment of the change; defaults to the database's now() (the transaction's start). */
  at?: Date;
  ipAddress?: string | null;
  userAgent?: string | null;
};

export type TransitionItemInput = TransitionContext & {
  itemId: string;
  to: ItemStatus;
  /** Optimistic check: refuse with `conflict` when the item is no longer in this status. */
  expectedFrom?: ItemStatus;
  /** The provider's own time of the event: an event older than the last one applied is ignored. */
  providerEventAt?: Date | null;
};

export type TransitionBookingInput = TransitionContext & {
  bookingId: string;
  to: BookingStatus;
  expectedFrom?: BookingStatus;
};

/** Why a transition was not applied although it was not an error. */
export type SkipReason = "stale" | "duplicate";

export type BookingChange = { bookingId: string; from: BookingStatus; to: BookingStatus; applied: boolean };

export type ItemTransitionResult = {
  applied: boolean;
  reason?: SkipReason;
  itemId: string;
  bookingId: string;
  /** The item's status before; equal to `to` when nothing was applied. */
  from: ItemStatus;
  /** The item's status now. */
  to: ItemStatus;
  /** The booking's status before and after the derivation from its items. */
  booking: BookingChange;
};

export type BookingTransitionResult = {
  applied: boolean;
  reason?: SkipReason;
} & BookingChange;
