// Documents: the traveler has them e-mailed again; support has them generated (again).
import type { BookingStatus } from "../statuses";
import { firstRefusal, refuse, spoken } from "./verdicts";
import { ownerOnly, supportOnly, type Standing } from "./viewer";
import type { ActionInput, ActionState } from "./types";

/** A booking has documents to issue once the providers confirmed it (a pending booking has none). */
export const issuesDocuments = (status: BookingStatus | string) => status !== "pending";

export function resendDocumentsAction(input: ActionInput, s: Standing): ActionState {
  return {
    label: "E-mail the documents",
    ...firstRefusal(
      ownerOnly(s, "Act on behalf of the traveler to e-mail their documents"),
      input.booking.documentCount > 0 ? null : refuse("conflict", "This booking has no documents yet"),
    ),
  };
}

export function generateDocumentsAction(input: ActionInput, s: Standing): ActionState {
  const { status } = input.booking;
  return {
    label: "Generate documents",
    ...firstRefusal(
      supportOnly(s, "Only support can generate documents"),
      issuesDocuments(status) ? null : refuse("conflict", `A ${spoken(status)} booking has no documents to issue`),
    ),
  };
}
