// Cancel (some or all items) and, for support only, waive the fees. The traveler gets a quote to
// confirm; one open cancellation per booking (DESIGN.md), an unconfirmed quote is replaced.
import { openItemStatuses } from "../statuses";
import { bookingNotOpen, cancellationUnderWay } from "./booking-rules";
import { firstRefusal, perItem, refuse } from "./verdicts";
import { supportOnly, type Standing } from "./viewer";
import type { ActionInput, ActionItem, ActionState, Refusal } from "./types";

function cancelGate(input: ActionInput, s: Standing) {
  const open = cancellationUnderWay(input);
  return firstRefusal(
    s.as === "nobody" ? s.refusal : null,
    bookingNotOpen(input, "cancelled here"),
    open ? refuse("conflict", `A cancellation of this booking is already ${open}`) : null,
    input.open.changesUnderWay.some((m) => m.status === "submitted")
      ? refuse("conflict", "A change to this booking is being made with the provider: cancel once it is done")
      : null,
  );
}

function itemRule(i: ActionItem): Refusal | null {
  if (openItemStatuses.includes(i.status)) return null; // booked, being booked, or awaiting an answer
  if (i.status === "completed") return refuse("invalid", "This item has already been used");
  if (i.status === "no_show") return refuse("invalid", "This item was a no-show and cannot be cancelled");
  return refuse("invalid", "This item is already cancelled");
}

export function cancelAction(input: ActionInput, s: Standing): ActionState {
  return perItem("Cancel booking", cancelGate(input, s), input.items, itemRule, {
    none: refuse("conflict", "Nothing left to cancel on this booking"),
  });
}

/** Fees waived: a full refund whatever the policy says (a goodwill or provider-caused case); same items as cancel. */
export function waiveFeesAction(cancel: ActionState, s: Standing): ActionState {
  const label = "Waive cancellation fees";
  const who = supportOnly(s, "Only support can waive cancellation fees");
  if (!who) return { ...cancel, label };
  return { label, ...who, items: cancel.items?.map((i) => ({ itemId: i.itemId, ...who })) };
}
