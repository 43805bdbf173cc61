// Available actions (spec: "Available Actions Logic"): one pure function that says, for a booking,
// its items, its open requests and who is asking, every action with allowed or refused and why.
// The portal and the console render from it; every service that performs one of these actions
// loads the same facts and checks the same answer before it acts, throwing the refusal as its
// DomainError, so what the page says and what the server answers are the same words.
import { DomainError } from "../errors";
import { cancelAction, waiveFeesAction } from "./cancel";
import { refundAsCreditAction } from "./credit";
import { changeDatesAction, changeNameAction, specialRequestAction, updateContactAction } from "./changes";
import { generateDocumentsAction, resendDocumentsAction } from "./documents";
import { acceptScheduleChangeAction, rejectScheduleChangeAction } from "./schedule-change";
import { refuse } from "./verdicts";
import { standingOf } from "./viewer";
import type { ActionInput, ActionName, AvailableActions, Refusal } from "./types";

export * from "./types";
export { carries } from "./changes";
export { issuesDocuments } from "./documents";

export function availableActions(input: ActionInput): AvailableActions {
  const s = standingOf(input.viewer, input.booking);
  const cancel = cancelAction(input, s);
  return {
    cancel,
    waive_cancellation_fees: waiveFeesAction(cancel, s),
    take_refund_as_credit: refundAsCreditAction(cancel, s),
    change_name: changeNameAction(input, s),
    change_dates: changeDatesAction(input, s),
    update_contact: updateContactAction(input, s),
    special_request: specialRequestAction(input, s),
    accept_schedule_change: acceptScheduleChangeAction(input, s),
    reject_schedule_change: rejectScheduleChangeAction(input, s),
    resend_documents: resendDocumentsAction(input, s),
    generate_documents: generateDocumentsAction(input, s),
  };
}

/** What a service is asked to act on: the whole action, one item of it, or one traveler (name changes). */
export type ActionTarget = { itemId: string } | { travelerIndex: number } | undefined;

/**
 * Why this action (on this item or traveler) is refused, or null when allowed. An item the action
 * does not list is not part of the booking: the caller says so in its own words.
 */
export function refusalOf(actions: AvailableActions, name: ActionName, target?: ActionTarget): Refusal | null {
  const a = actions[name];
  if (target && "itemId" in target) {
    const v = a.items?.find((i) => i.itemId === target.itemId);
    if (!v) return a.allowed ? null : refuse(a.code, a.reason);
    return v.allowed ? null : refuse(v.code, v.reason);
  }
  if (!a.allowed) return refuse(a.code, a.reason);
  if (target && "travelerIndex" in target && !a.travelerIndices?.includes(target.travelerIndex))
    return refuse("conflict", "No booked item carries this traveler");
  return null;
}

/** Throws the refusal as the service's DomainError (same code, same words as the page shows). */
export function assertAllowed(actions: AvailableActions, name: ActionName, target?: ActionTarget): void {
  const r = refusalOf(actions, name, target);
  if (r) throw new DomainError(r.code, r.reason, { action: name, ...(target ?? {}) });
}
