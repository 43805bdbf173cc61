// Changes the traveler asks for: name, dates, special requests (made with the providers, under the
// fare's rules) and contact details (ours alone, so no fare rule applies).
import { heldItemStatuses, liveItemStatuses } from "../statuses";
import { bookingNotOpen, cancellationUnderWay, changeUnderWay } from "./booking-rules";
import { firstRefusal, perItem, refuse, spoken } from "./verdicts";
import { ownerOnly, type Standing } from "./viewer";
import type { ActionInput, ActionItem, ActionState, Refusal, Verdict } from "./types";

const onBehalf = "Act on behalf of the traveler to change their booking";

/** Booking-level conditions of every change made with a provider. */
function providerChangeGate(input: ActionInput, s: Standing): Verdict {
  const { booking } = input;
  return firstRefusal(
    ownerOnly(s, onBehalf),
    bookingNotOpen(input, "changed"),
    cancellationUnderWay(input) ? refuse("conflict", "This booking is being cancelled") : null,
    booking.isModifiable ? null : refuse("conflict", "This booking's fare does not allow changes"),
    booking.modificationDeadline && booking.modificationDeadline.getTime() <= input.now.getTime()
      ? refuse("conflict", "The deadline for changes to this booking has passed")
      : null,
    changeUnderWay(input),
  );
}

/** An item the provider can change: booked with it, and not waiting for a schedule-change answer. */
function notChangeable(i: ActionItem, what: string): Refusal | null {
  if (i.status === "schedule_changed") return refuse("conflict", "Answer this item's schedule change first");
  if (!liveItemStatuses.includes(i.status)) return refuse("conflict", `A ${spoken(i.status)} item ${what}`);
  if (!i.providerBookingId) return refuse("conflict", "This item is not booked with its provider yet");
  return null;
}
const held = (i: ActionItem) => heldItemStatuses.includes(i.status);

/** Whether an item carries a traveler (an item naming no travelers carries them all). */
export const carries = (i: { travelerIndices: number[] }, travelerIndex: number) =>
  i.travelerIndices.length === 0 || i.travelerIndices.includes(travelerIndex);

/** A name is changed on every booked item that carries the traveler; `travelerIndices` lists those travelers. */
export function changeNameAction(input: ActionInput, s: Standing): ActionState {
  const state = perItem(
    "Change name",
    providerChangeGate(input, s),
    input.items,
    (i) => notChangeable(i, "cannot take a name change"),
    { none: refuse("conflict", "No booked item carries a traveler of this booking"), concerns: held },
  );
  const carriers = input.items.filter((_, k) => state.items![k].allowed);
  const travelerIndices = Array.from({ length: input.booking.travelerCount }, (_, k) => k).filter((k) =>
    carriers.some((i) => carries(i, k)),
  );
  return { ...state, travelerIndices };
}

export function changeDatesAction(input: ActionInput, s: Standing): ActionState {
  const rule = (i: ActionItem) =>
    notChangeable(i, "cannot be moved to other dates") ??
    (!i.startAt
      ? refuse("conflict", "This item has no dates to change")
      : i.startAt.getTime() <= input.now.getTime()
        ? refuse("conflict", "This item has already started")
        : null);
  return perItem("Change dates", providerChangeGate(input, s), input.items, rule, {
    none: refuse("conflict", "No item of this booking can be moved to other dates"),
    concerns: held,
  });
}

export function specialRequestAction(input: ActionInput, s: Standing): ActionState {
  return perItem(
    "Special request",
    providerChangeGate(input, s),
    input.items,
    (i) => notChangeable(i, "takes no requests"),
    { none: refuse("conflict", "No item of this booking takes requests"), concerns: held },
  );
}

/** Contact details are ours alone: the fare, its deadline and changes at providers do not matter. */
export function updateContactAction(input: ActionInput, s: Standing): ActionState {
  return { label: "Update contact", ...firstRefusal(ownerOnly(s, onBehalf), bookingNotOpen(input, "changed")) };
}
