// Travel credit instead of the card refund of one's own cancellation (issue 23): only a signed-in
// account owner (or support acting for that account), never a guest, whose credit would otherwise
// land on no account; only when the cancellation itself may go ahead.
import { refuse } from "./verdicts";
import type { Standing } from "./viewer";
import type { ActionState } from "./types";

export const guestCreditReason = "Travel credit is kept on an account: sign in to take your refund as credit";

export function refundAsCreditAction(cancel: ActionState, s: Standing): ActionState {
  const label = "Take the refund as travel credit";
  if (s.as === "nobody") return { label, ...s.refusal };
  if (s.as === "support")
    return { label, ...refuse("forbidden", "Only the traveler (or support acting for them) chooses credit") };
  if (s.guest) return { label, ...refuse("forbidden", guestCreditReason) };
  return cancel.allowed ? { label, allowed: true } : { label, ...refuse(cancel.code, cancel.reason) };
}
