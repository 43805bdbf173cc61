// Support acts for a traveler (docs/architecture.md, "Actors"): each act is the portal's own service,
// called with the owner's viewer operated by the ops user, so the rules, the refusals and the money
// are the traveler's; afterwards the traveler is told what support did, unless the act's own flow
// already tells them (a confirmed cancellation sends its cancellation notice).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, cancellationRequests } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { formatMoney } from "@/server/domain/money";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import {
  requestCancellation,
  type RequestCancellationInput,
} from "@/server/services/cancellations/request-cancellation";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { modificationView } from "@/server/services/modifications/list-modifications";
import {
  dateChangeOptions,
  requestDateChange,
  requestNameChange,
  requestSpecialRequest,
} from "@/server/services/modifications/request-modification";
import type { Modification } from "@/server/services/modifications/common";
import { respondToScheduleChange } from "@/server/services/provider-events/respond-to-schedule-change";
import { onBehalfViewer } from "./owner-viewer";

type ByReference = { reference: string };

/** The owner's viewer for the booking with this reference, operated by `operator`. */
async function ownerOf(db: Db, reference: string, operator: string) {
  const [b] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(eq(bookings.bookingReference, reference.trim().toUpperCase()));
  if (!b) throw new DomainError("not_found", "Booking not found");
  return { bookingId: b.id, ...(await onBehalfViewer(db, b.id, operator)) };
}

/**
 * The `support_update` saying what support did, once per occasion (the dedupe key). Queued after
 * the act's own transaction has committed: the act stands even if the message could not be queued.
 */
async function tellTraveler(db: Db, bookingId: string, occasion: string, message: string) {
  await queueCommunication(db, {
    bookingId,
    type: "support_update",
    dedupeKey: `support_update:on_behalf:${occasion}:${bookingId}`,
    templateData: { message },
  });
}

/** A quote commits nothing: no message (the confirmed cancellation's own notice tells the traveler). */
export async function quoteCancellationFor(
  db: Db,
  operator: string,
  input: ByReference & Omit<RequestCancellationInput, "bookingId" | "reference" | "waiveFees" | "now">,
) {
  const { viewer } = await ownerOf(db, input.reference, operator);
  return requestCancellation(db, { viewer }, input);
}

/** Confirming starts the cancellation, whose `cancellation_notice` tells the traveler: no second message. */
export async function confirmCancellationFor(db: Db, operator: string, input: { cancellationId: string }) {
  const [c] = await db
    .select({ bookingId: cancellationRequests.bookingId })
    .from(cancellationRequests)
    .where(eq(cancellationRequests.id, input.cancellationId));
  if (!c) throw new DomainError("not_found", "Cancellation not found");
  const { viewer } = await onBehalfViewer(db, c.bookingId, operator);
  return confirmCancellation(db, { viewer }, input);
}

/** What a requested change awaits: the traveler's agreement (and fee) in the portal, or nothing (refused). */
function changeMessage(m: Modification, what: string) {
  if (m.status === "rejected") return `Our support team asked for ${what} for you; ${m.userNotes ?? "it was refused"}.`;
  const cost = m.totalCostMinor ? ` It costs ${formatMoney(m.totalCostMinor, m.currency ?? "EUR")}.` : "";
  return `Our support team asked for ${what} for you.${cost} Confirm it in your booking to go ahead.`;
}

export async function requestNameChangeFor(
  db: Db,
  operator: string,
  input: ByReference & { travelerIndex: number; firstName: string; lastName: string },
) {
  const { bookingId, viewer } = await ownerOf(db, input.reference, operator);
  const m = await requestNameChange(db, viewer, input);
  await tellTraveler(db, bookingId, m.id, changeMessage(m, `a name change to ${input.firstName} ${input.lastName}`));
  return modificationView(m);
}

/** Reads only: the priced dates the traveler would be offered. */
export async function dateOptionsFor(
  db: Db,
  operator: string,
  input: ByReference & { itemId: string; startDate: string; endDate: string },
) {
  const { viewer } = await ownerOf(db, input.reference, operator);
  return dateChangeOptions(db, viewer, input);
}

export async function requestDateChangeFor(
  db: Db,
  operator: string,
  input: ByReference & { itemId: string; startDate: string; endDate: string },
) {
  const { bookingId, viewer } = await ownerOf(db, input.reference, operator);
  const m = await requestDateChange(db, viewer, input);
  await tellTraveler(db, bookingId, m.id, changeMessage(m, `new dates, ${input.startDate} to ${input.endDate},`));
  return modificationView(m);
}

export async function requestSpecialRequestFor(
  db: Db,
  operator: string,
  input: ByReference & { itemId: string; request: string },
) {
  const { bookingId, viewer } = await ownerOf(db, input.reference, operator);
  const m = await requestSpecialRequest(db, viewer, input);
  await tellTraveler(db, bookingId, m.id, changeMessage(m, `a special request ("${input.request.trim()}")`));
  return modificationView(m);
}

/** Neither answer has a message of its own: the traveler is told which one support gave. */
export async function answerScheduleChangeFor(
  db: Db,
  operator: string,
  input: ByReference & { itemId: string; decision: "accept" | "reject" },
) {
  const { bookingId, viewer } = await ownerOf(db, input.reference, operator);
  const r = await respondToScheduleChange(db, viewer, input);
  await tellTraveler(
    db,
    bookingId,
    `schedule_change:${input.itemId}`,
    input.decision === "accept"
      ? "Our support team accepted the new flight schedule for you, as you asked."
      : "Our support team refused the schedule change for you, as you asked: the flight is cancelled and its full price will be refunded.",
  );
  return r;
}
