// The traveler asks for a change: the provider's policy and prices are asked first (outside any
// transaction), then a `pending` modification holds the quote (fee, difference, total) the traveler
// sees before agreeing. Contact updates need no provider and apply at once.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingModifications, bookings } from "@/db/schema";
import { assertAllowed, carries } from "@/server/domain/available-actions";
import { actorLabel } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { settleableCharge } from "@/server/domain/money";
import {
  checkNameChange,
  checkSpecialRequest,
  itemOnNewDates,
  modificationTotal,
  priceDifference,
  toChargeMinor,
  type DatedItem,
} from "@/server/domain/modification";
import type { Viewer } from "@/server/domain/viewer";
import { formatLocal } from "@/server/domain/zones";
import { providerAdapter, ProviderError } from "@/server/providers";
import { recordEvent } from "@/server/services/events/record-event";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { type ItemRow, modifiableBooking, type Modification, QUOTE_TTL_MS, type RequestDetails } from "./common";

/**
 * Who asked, on the row: the traveler, or support acting for them (docs/architecture.md, "Actors"),
 * whose full actor also rides in request_details so the change's history rows name the operator.
 */
function requester(viewer: Viewer): Pick<typeof bookingModifications.$inferInsert, "requestedBy" | "internalNotes"> {
  if (!viewer.by) return { requestedBy: "traveler" };
  const by = viewer.by;
  return {
    requestedBy: by.kind,
    internalNotes: `Requested by ${actorLabel(by)} for ${by.onBehalfOf ?? "the traveler"}`,
  };
}

/** A provider that cannot answer: the traveler may try again; nothing was recorded. */
function providerDown(e: unknown): never {
  if (e instanceof ProviderError && e.kind !== "rejected" && e.kind !== "not_found") {
    throw new DomainError(
      "provider_unavailable",
      `The provider is not answering right now (${e.provider}); please try again in a few minutes`,
    );
  }
  throw e;
}

async function insertPending(
  db: Db,
  values: typeof bookingModifications.$inferInsert,
  status: "pending" | "rejected" = "pending",
): Promise<Modification> {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .insert(bookingModifications)
      .values({ ...values, status, ...(status === "rejected" ? { completedAt: new Date() } : {}) })
      .returning();
    await recordEvent(tx, status === "pending" ? "modification/requested" : "modification/rejected", {
      modificationId: m.id,
      bookingId: m.bookingId,
      type: m.modificationType,
      to: status,
    });
    return m;
  });
}

export async function requestNameChange(
  db: Db,
  viewer: Viewer,
  input: { reference: string; travelerIndex: number; firstName: string; lastName: string },
) {
  const { booking, items, actions } = await modifiableBooking(db, viewer, input.reference, "change_name");
  const current = booking.travelers[input.travelerIndex];
  if (!current)
    throw new DomainError("invalid", `No traveler ${input.travelerIndex} on this booking`, { field: "travelerIndex" });
  assertAllowed(actions, "change_name", { travelerIndex: input.travelerIndex });
  const to = checkNameChange(current, input);
  const booked = new Set(actions.change_name.items?.filter((v) => v.allowed).map((v) => v.itemId));
  const targets = items.filter((i) => booked.has(i.id) && carries(i, input.travelerIndex));

  const quotes = await Promise.all(
    targets.map(async (i) => {
      const q = await (
        await providerAdapter(db, i.providerCode)
      )
        .modificationQuote(i.providerBookingId!, "name_change")
        .catch(providerDown);
      return { item: i, q };
    }),
  );
  const refused = quotes.find((x) => !x.q.allowed);
  const feeMinor = quotes.reduce((s, x) => s + toChargeMinor(x.q.feeMinor, x.item), 0);
  // What is charged must be settleable (KWD moves in tens of fils): rounded down, in the traveler's favour.
  const chargeMinor = settleableCharge(modificationTotal(0, feeMinor).chargeMinor, booking.currency);
  const details: RequestDetails = {
    kind: "name_change",
    travelerIndex: input.travelerIndex,
    from: { firstName: current.firstName, lastName: current.lastName },
    to,
    targets: quotes.map(({ item, q }) => ({
      itemId: item.id,
      providerCode: item.providerCode,
      providerBookingId: item.providerBookingId!,
      feeMinor: toChargeMinor(q.feeMinor, item),
      providerFeeMinor: q.feeMinor,
    })),
    expiresAt: new Date(Date.now() + QUOTE_TTL_MS).toISOString(),
  };
  return insertPending(
    db,
    {
      bookingId: booking.id,
      bookingItemId: targets.length === 1 ? targets[0].id : null,
      modificationType: "name_change",
      ...requester(viewer),
      requestDetails: { ...details, by: viewer.by },
      originalData: { traveler: current },
      modifiedData: { traveler: { ...current, ...to } },
      currency: booking.currency,
      priceDifferenceMinor: 0,
      feeMinor,
      totalCostMinor: chargeMinor,
      paymentRequired: chargeMinor > 0,
      providerCode: targets.length === 1 ? targets[0].providerCode : null,
      userNotes: refused
        ? `Not allowed by ${refused.item.providerCode}: ${refused.q.reason ?? "the fare does not allow name changes"}`
        : null,
    },
    refused ? "rejected" : "pending",
  );
}

async function datedItem(db: Db, viewer: Viewer, reference: string, itemId: string) {
  const { booking, items } = await modifiableBooking(db, viewer, reference, "change_dates", { itemId });
  // Available actions let through only a booked item with a future start.
  const item = items.find((i) => i.id === itemId)!;
  return { booking, item: item as ItemRow & { startAt: Date; providerBookingId: string } };
}

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Prices new dates for an item: the asked dates and nearby alternatives (±1, ±2 days), each with its total. */
export async function dateChangeOptions(
  db: Db,
  viewer: Viewer,
  input: { reference: string; itemId: string; startDate: string; endDate: string },
) {
  const { booking, item } = await datedItem(db, viewer, input.reference, input.itemId);
  const adapter = await providerAdapter(db, item.providerCode);
  const policy = await adapter.modificationQuote(item.providerBookingId!, "date_change").catch(providerDown);
  if (!policy.allowed)
    return {
      allowed: false as const,
      reason: policy.reason ?? "The provider does not allow date changes",
      options: [],
    };
  const feeMinor = toChargeMinor(policy.feeMinor, item);
  const shifts = [0, -2, -1, 1, 2];
  const options = (
    await Promise.all(
      shifts.map(async (shift) => {
        const startDate = addDays(input.startDate, shift),
          endDate = addDays(input.endDate, shift);
        let dated;
        try {
          dated = itemOnNewDates(item as DatedItem, startDate, endDate);
        } catch (e) {
          if (shift === 0) throw e;
          return null;
        }
        if (dated.startAt.getTime() <= Date.now()) return null;
        const q = await adapter
          .quoteNewDates(item.providerBookingId!, { startAt: dated.startAt, endAt: dated.endAt })
          .catch(providerDown);
        const { differenceMinor } = priceDifference(item, q.priceMinor);
        return {
          startDate,
          endDate,
          requested: shift === 0,
          available: q.available,
          currency: booking.currency,
          differenceMinor,
          feeMinor,
          ...modificationTotal(differenceMinor, feeMinor),
        };
      }),
    )
  ).filter((o) => o !== null);
  return { allowed: true as const, currency: booking.currency, options };
}

/** Holds one priced option as a pending modification (priced again here: the client's numbers are never trusted). */
export async function requestDateChange(
  db: Db,
  viewer: Viewer,
  input: { reference: string; itemId: string; startDate: string; endDate: string },
) {
  const { booking, item } = await datedItem(db, viewer, input.reference, input.itemId);
  const dated = itemOnNewDates(item as DatedItem, input.startDate, input.endDate);
  if (dated.startAt.getTime() <= Date.now())
    throw new DomainError("invalid", "startDate is in the past", { field: "startDate" });
  const adapter = await providerAdapter(db, item.providerCode);
  const [policy, q] = await Promise.all([
    adapter.modificationQuote(item.providerBookingId!, "date_change"),
    adapter.quoteNewDates(item.providerBookingId!, { startAt: dated.startAt, endAt: dated.endAt }),
  ]).catch(providerDown);
  if (policy.allowed && !q.available)
    throw new DomainError("conflict", "These dates are not available; pick one of the alternatives", {
      field: "startDate",
    });
  const feeMinor = policy.allowed ? toChargeMinor(policy.feeMinor, item) : 0;
  const { newShareMinor, differenceMinor } = priceDifference(item, q.priceMinor);
  const exact = modificationTotal(differenceMinor, feeMinor);
  const total = { ...exact, chargeMinor: settleableCharge(exact.chargeMinor, booking.currency) };
  const zone = item.startZone ?? "UTC";
  const details: RequestDetails = {
    kind: "date_change",
    itemId: item.id,
    providerCode: item.providerCode,
    providerBookingId: item.providerBookingId!,
    startDate: input.startDate,
    endDate: input.endDate,
    startAt: dated.startAt.toISOString(),
    endAt: dated.endAt.toISOString(),
    details: dated.details,
    newPriceMinor: q.priceMinor,
    providerCurrency: q.currency,
    newShareMinor,
    refundMinor: total.refundMinor,
    expiresAt: new Date(Date.now() + QUOTE_TTL_MS).toISOString(),
  };
  return insertPending(
    db,
    {
      bookingId: booking.id,
      bookingItemId: item.id,
      modificationType: "date_change",
      ...requester(viewer),
      providerCode: item.providerCode,
      requestDetails: { ...details, by: viewer.by },
      originalData: {
        startAt: item.startAt.toISOString(),
        endAt: item.endAt?.toISOString() ?? null,
        startLocal: formatLocal(item.startAt.getTime(), zone),
        priceMinor: item.priceMinor,
        chargeShareMinor: item.chargeShareMinor,
      },
      modifiedData: {
        startAt: details.startAt,
        endAt: details.endAt,
        startLocal: formatLocal(dated.startAt.getTime(), zone),
        priceMinor: q.priceMinor,
        chargeShareMinor: newShareMinor,
        refundMinor: total.refundMinor,
      },
      currency: booking.currency,
      priceDifferenceMinor: differenceMinor,
      feeMinor,
      totalCostMinor: total.chargeMinor,
      paymentRequired: total.chargeMinor > 0,
      userNotes: policy.allowed
        ? null
        : `Not allowed by ${item.providerCode}: ${policy.reason ?? "the fare does not allow date changes"}`,
    },
    policy.allowed ? "pending" : "rejected",
  );
}

/** A special request is forwarded as is (no fee); the provider confirms or declines it. */
export async function requestSpecialRequest(
  db: Db,
  viewer: Viewer,
  input: { reference: string; itemId: string; request: string },
) {
  const { booking, items } = await modifiableBooking(db, viewer, input.reference, "special_request", {
    itemId: input.itemId,
  });
  const item = items.find((i) => i.id === input.itemId)!;
  const text = checkSpecialRequest(input.request);
  return insertPending(db, {
    bookingId: booking.id,
    bookingItemId: item.id,
    modificationType: "special_request",
    ...requester(viewer),
    providerCode: item.providerCode,
    requestDetails: {
      kind: "special_request",
      itemId: item.id,
      providerCode: item.providerCode,
      providerBookingId: item.providerBookingId!,
      text,
      by: viewer.by,
    } satisfies RequestDetails,
    modifiedData: { request: text },
    currency: booking.currency,
    priceDifferenceMinor: 0,
    feeMinor: 0,
    totalCostMinor: 0,
    paymentRequired: false,
  });
}

/** Contact details are ours alone: applied at once, in one transaction with their record and message. */
export async function updateContact(
  db: Db,
  viewer: Viewer,
  input: { reference: string; email: string; phone?: string | null; name: string },
) {
  const { booking } = await modifiableBooking(db, viewer, input.reference, "update_contact");
  const contact = {
    email: input.email.trim().toLowerCase(),
    name: input.name.trim(),
    ...(input.phone ? { phone: input.phone.trim() } : {}),
  };
  return db.transaction(async (tx) => {
    const [b] = await tx.select().from(bookings).where(eq(bookings.id, booking.id)).for("update");
    const [m] = await tx
      .insert(bookingModifications)
      .values({
        bookingId: b.id,
        modificationType: "contact_update",
        status: "confirmed",
        ...requester(viewer),
        requestDetails: { kind: "contact_update", contact } satisfies RequestDetails,
        originalData: { contact: b.contactInfo },
        modifiedData: { contact },
        currency: b.currency,
        priceDifferenceMinor: 0,
        feeMinor: 0,
        totalCostMinor: 0,
        submittedAt: new Date(),
        completedAt: new Date(),
      })
      .returning();
    await tx
      .update(bookings)
      .set({
        contactInfo: contact,
        contactEmail: contact.email,
        modificationCount: b.modificationCount + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(bookings.id, b.id)));
    await recordEvent(tx, "modification/confirmed", {
      modificationId: m.id,
      bookingId: b.id,
      type: "contact_update",
      from: null,
      to: "confirmed",
    });
    await queueCommunication(tx, {
      bookingId: b.id,
      type: "modification_confirmation",
      dedupeKey: `modification_confirmation:${m.id}:${b.id}`,
      templateData: {
        change: `Contact details updated to ${contact.name} <${contact.email}>${contact.phone ? `, ${contact.phone}` : ""}`,
      },
    });
    return m;
  });
}
