// What the available-actions rules read and answer (pure data, no I/O). The facts are loaded by
// server/services/bookings/action-facts.ts; the same answer drives the portal, the console and
// every service that performs one of these actions.
import type { DomainErrorCode } from "../errors";
import type { BookingStatus, CancellationStatus, ItemCategory, ItemStatus } from "../statuses";

/** Every action, in the order the portal and the console list them. */
export const actionNames = [
  "cancel",
  "waive_cancellation_fees",
  "take_refund_as_credit",
  "change_name",
  "change_dates",
  "update_contact",
  "special_request",
  "accept_schedule_change",
  "reject_schedule_change",
  "resend_documents",
  "generate_documents",
] as const;
export type ActionName = (typeof actionNames)[number];

/**
 * Who asks. Ops acting for a traveler gets the traveler's actions (DESIGN.md, second wave):
 * `onBehalfOf` is the traveler's user id, or `guest:<booking id>` for a booking without an account.
 */
export type ActionViewer =
  | { kind: "traveler"; userId: string }
  | { kind: "guest"; bookingId: string }
  | { kind: "ops"; userId: string | null; onBehalfOf?: string | null };

export type ActionBooking = {
  id: string;
  status: BookingStatus;
  userId: string | null;
  isModifiable: boolean;
  modificationDeadline: Date | null;
  travelerCount: number;
  /** Documents generated so far (any version). */
  documentCount: number;
};

export type ActionItem = {
  id: string;
  status: ItemStatus;
  category: ItemCategory;
  startAt: Date | null;
  /** Null until the provider has booked it: nothing can be changed at the provider before. */
  providerBookingId: string | null;
  /** Travelers the item carries; empty = all of the booking's travelers. */
  travelerIndices: number[];
  /** The traveler may refuse the item's schedule change for a full refund. */
  refundEligible: boolean;
};

/** A change already agreed: being paid for or being made with the providers. */
export type ChangeUnderWay = { id: string; status: "awaiting_payment" | "submitted"; itemId: string | null };

export type OpenRequests = {
  /** The booking's open cancellation (at most one, DESIGN.md), by status. */
  cancellation: CancellationStatus | null;
  changesUnderWay: ChangeUnderWay[];
};

/** `items` in the booking's time order (start, then id): a refused action gives the reason of the first it concerns. */
export type ActionFacts = { booking: ActionBooking; items: ActionItem[]; open: OpenRequests };
export type ActionInput = ActionFacts & { viewer: ActionViewer; now: Date };

export type Refusal = { allowed: false; code: DomainErrorCode; reason: string };
export type Verdict = { allowed: true } | Refusal;
export type ItemVerdict = { itemId: string } & Verdict;

export type ActionState = Verdict & {
  label: string;
  /** Per-item actions: every item of the booking with its own verdict (the action is allowed when one qualifies). */
  items?: ItemVerdict[];
  /** change_name: the travelers a booked item carries (only their names can be changed). */
  travelerIndices?: number[];
};
export type AvailableActions = Record<ActionName, ActionState>;
