// The traveler's answer to a provider's schedule change: accept (the item returns to the status it
// had, with its new details), or, when the change entitles them to it (significant under
// 14 CFR 260.2, or a carrier cancellation), reject it for a full refund of the item.
import { cancellationUnderWay } from "./booking-rules";
import { firstRefusal, perItem, refuse } from "./verdicts";
import { ownerOnly, type Standing } from "./viewer";
import type { ActionInput, ActionItem, ActionState } from "./types";

const onBehalf = "Act on behalf of the traveler to answer a schedule change";
const waiting = (i: ActionItem) => i.status === "schedule_changed";
const none = refuse("conflict", "No schedule change is waiting for an answer");
const notWaiting = refuse("conflict", "No schedule change is waiting for your answer on this item");

export function acceptScheduleChangeAction(input: ActionInput, s: Standing): ActionState {
  return perItem(
    "Accept the new schedule",
    firstRefusal(ownerOnly(s, onBehalf)),
    input.items,
    (i) => (waiting(i) ? null : notWaiting),
    { none, concerns: waiting },
  );
}

export function rejectScheduleChangeAction(input: ActionInput, s: Standing): ActionState {
  // A refund owed for the item while a cancellation of it is being processed would pay it twice.
  const gate = firstRefusal(
    ownerOnly(s, onBehalf),
    cancellationUnderWay(input) ? refuse("conflict", "This booking is being cancelled") : null,
  );
  const rule = (i: ActionItem) =>
    !waiting(i)
      ? notWaiting
      : i.refundEligible
        ? null
        : refuse(
            "invalid",
            "This change does not entitle you to a free cancellation: accept it, or cancel the booking under its fare rules",
          );
  return perItem("Reject and cancel for a full refund", gate, input.items, rule, { none, concerns: waiting });
}
