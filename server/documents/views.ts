// What each document shows, as plain strings built from a booking snapshot (pure, no I/O). The
// components only lay these out; the content hash is taken over them, so a document is stored
// again exactly when what it shows changes.
import { createHash } from "node:crypto";
import { issuesDocuments } from "@/server/domain/available-actions";
import { formatMoney } from "@/server/domain/money";
import { cancelledItemStatuses } from "@/server/domain/booking-machine";
import type { documentKinds, ItemCategory, ItemStatus } from "@/server/domain/statuses";
import { duration, label, localTime, num, obj, plural, str, timeLine, wallClock, type LocalTimeView } from "./format";
import { printable } from "./fonts";

/** Bump when a template's layout changes: every document is then stored again on its next generation. */
export const TEMPLATE_VERSION = 1;

export type DocumentKind = (typeof documentKinds)[number];
export type TravelerSnapshot = { firstName: string; lastName: string; type: string };
export type ItemSnapshot = {
  id: string;
  category: ItemCategory;
  status: ItemStatus;
  providerName: string;
  providerBookingId: string | null;
  providerConfirmationNumber: string | null;
  details: Record<string, unknown>;
  startAt: string | null;
  endAt: string | null;
  startZone: string | null;
  endZone: string | null;
  travelerIndices: number[];
  chargeShareMinor: number;
  cancellationFeeMinor: number | null;
  refundMinor: number | null;
};
export type BookingSnapshot = {
  id: string;
  reference: string;
  status: string;
  currency: string;
  createdAt: string;
  totalMinor: number;
  paidMinor: number;
  refundedMinor: number;
  travelers: TravelerSnapshot[];
  contact: { name: string; email: string };
  items: ItemSnapshot[];
  payments: {
    kind: string;
    status: string;
    method: string;
    amountMinor: number;
    currency: string;
    createdAt: string;
  }[];
  refunds: {
    reference: string;
    status: string;
    amountMinor: number;
    currency: string;
    reason: string | null;
    processingFeeMinor: number;
    createdAt: string;
  }[];
  changeFees: { type: string; feeMinor: number; currency: string; createdAt: string }[];
};

export type Line = { label: string; value: string };
export type SegmentView = {
  flightNumber: string;
  from: string;
  to: string;
  departure: LocalTimeView | null;
  arrival: LocalTimeView | null;
  duration: string;
};
export type ETicketView = {
  kind: "e_ticket";
  reference: string;
  passenger: string;
  passengerType: string;
  passengerNumber: string;
  airline: string;
  providerConfirmation: string;
  providerBookingId: string;
  cabin: string;
  baggage: string;
  notice: string;
  segments: SegmentView[];
};
export type VoucherView = {
  kind: "voucher";
  category: string;
  reference: string;
  title: string;
  provider: string;
  providerConfirmation: string;
  providerBookingId: string;
  notice: string;
  travelers: string[];
  start: { label: string; time: LocalTimeView | null };
  end: { label: string; time: LocalTimeView | null };
  lines: Line[];
};
export type ItineraryItemView = {
  category: string;
  title: string;
  status: string;
  provider: string;
  confirmation: string;
  start: string;
  end: string;
  lines: string[];
};
export type ItineraryView = {
  kind: "itinerary";
  reference: string;
  status: string;
  bookedOn: string;
  contact: string;
  travelers: string[];
  items: ItineraryItemView[];
};
export type MoneyLine = { label: string; detail: string; amount: string };
export type ReceiptView = {
  kind: "receipt";
  reference: string;
  status: string;
  bookedOn: string;
  billedTo: string;
  currency: string;
  charges: MoneyLine[];
  total: string;
  payments: MoneyLine[];
  fees: MoneyLine[];
  refunds: MoneyLine[];
  paid: string;
  refunded: string;
  net: string;
};
export type DocumentView = ETicketView | VoucherView | ItineraryView | ReceiptView;

export type PlannedDocument = {
  kind: DocumentKind;
  itemId: string | null;
  travelerIndex: number | null;
  view: DocumentView;
  hash: string;
};

/** Items with no ticket or voucher: not confirmed yet, or cancelled. */
const voidStatuses: readonly string[] = ["pending", ...cancelledItemStatuses];
const dateOnly = (iso: string) => localTime(iso, "UTC")?.text.replace(/, \d{2}:\d{2}$/, "") ?? "";
const name = (t: TravelerSnapshot | undefined) => (t ? printable(`${t.firstName} ${t.lastName}`.trim()) : "");
const moneyOf = (minor: number, currency: string) => formatMoney(minor, currency);

export function hashView(view: DocumentView): string {
  return createHash("sha256")
    .update(JSON.stringify({ v: TEMPLATE_VERSION, view }))
    .digest("hex");
}

/**
 * The documents a booking has in its current state: an itinerary and a receipt for any booking
 * past `pending`; an e-ticket per traveler of each live flight; a voucher per live hotel, car and
 * experience. Cancelled items get no new tickets (the itinerary and receipt show them cancelled).
 */
/** Whether a booking in this status has documents (any past `pending`): the one rule for planning and for asking. */

export function planDocuments(b: BookingSnapshot): PlannedDocument[] {
  if (!issuesDocuments(b.status)) return [];
  const out: Omit<PlannedDocument, "hash">[] = [];
  for (const item of b.items) {
    if (voidStatuses.includes(item.status)) continue;
    if (item.category === "flight") {
      for (const t of item.travelerIndices)
        if (b.travelers[t])
          out.push({ kind: "e_ticket", itemId: item.id, travelerIndex: t, view: eTicket(b, item, t) });
    } else {
      out.push({ kind: "voucher", itemId: item.id, travelerIndex: null, view: voucher(b, item) });
    }
  }
  out.push({ kind: "itinerary", itemId: null, travelerIndex: null, view: itinerary(b) });
  out.push({ kind: "receipt", itemId: null, travelerIndex: null, view: receipt(b) });
  return out.map((d) => ({ ...d, hash: hashView(d.view) }));
}

function notice(item: ItemSnapshot): string {
  return item.status === "schedule_changed"
    ? "The schedule of this flight has changed. Please review the new times in your booking and accept or reject the change."
    : "";
}

function segmentsOf(item: ItemSnapshot): SegmentView[] {
  const raw = Array.isArray(item.details.segments) ? item.details.segments : [];
  return raw.map((x) => {
    const s = obj(x);
    const place = (code: unknown, city: unknown) => [str(code), str(city)].filter(Boolean).join(" · ");
    return {
      flightNumber: str(s.flightNumber),
      from: place(s.from, s.fromCity),
      to: place(s.to, s.toCity),
      departure: wallClock(s.departureLocal, s.departureZone),
      arrival: wallClock(s.arrivalLocal, s.arrivalZone),
      duration: duration(s.durationMinutes),
    };
  });
}

function baggageOf(details: Record<string, unknown>): string {
  const bag = obj(details.baggage);
  const parts: string[] = [];
  const cabin = num(bag.cabinKg),
    checked = num(bag.checkedBags);
  if (cabin !== null) parts.push(`Cabin bag up to ${cabin} kg`);
  if (checked !== null) parts.push(checked === 0 ? "No checked bags" : `${plural(checked, "checked bag")}`);
  const extra = str(bag.note);
  if (extra) parts.push(extra);
  return parts.join(" · ") || "See your airline's conditions";
}

export function eTicket(b: BookingSnapshot, item: ItemSnapshot, t: number): ETicketView {
  const traveler = b.travelers[t];
  return {
    kind: "e_ticket",
    reference: b.reference,
    passenger: name(traveler),
    passengerType: label(traveler?.type ?? "adult"),
    passengerNumber: `${t + 1} of ${b.travelers.length}`,
    airline: str(item.details.airline) || item.providerName,
    providerConfirmation: item.providerConfirmationNumber ?? (str(item.details.pnr) || "pending"),
    providerBookingId: item.providerBookingId ?? "",
    cabin: label(str(item.details.cabin) || "economy"),
    baggage: baggageOf(item.details),
    notice: notice(item),
    segments: segmentsOf(item),
  };
}

function voucherLines(item: ItemSnapshot): { start: string; end: string; lines: Line[] } {
  const d = item.details;
  const pairs = (xs: [string, string][]): Line[] =>
    xs.filter(([, v]) => v !== "").map(([l, v]) => ({ label: l, value: v }));
  switch (item.category) {
    case "hotel":
      return {
        start: "Check-in",
        end: "Check-out",
        lines: pairs([
          ["Hotel", str(d.name)],
          ["Address", str(d.address)],
          ["City", [str(d.city), str(d.country)].filter(Boolean).join(", ")],
          [
            "Room",
            [str(d.roomType), num(d.rooms) !== null ? plural(num(d.rooms)!, "room") : ""].filter(Boolean).join(" · "),
          ],
          ["Nights", num(d.nights) !== null ? String(num(d.nights)) : ""],
          ["Guests", num(d.guests) !== null ? String(num(d.guests)) : ""],
          ["Board", str(d.board)],
        ]),
      };
    case "car":
      return {
        start: "Pick-up",
        end: "Drop-off",
        lines: pairs([
          [
            "Vehicle",
            [str(d.vehicleClass), str(d.model) ? `${str(d.model)} or similar` : ""].filter(Boolean).join(" · "),
          ],
          ["Main driver", str(d.driver)],
          ["Pick-up at", str(obj(d.pickup).location)],
          ["Drop-off at", str(obj(d.dropoff).location)],
          ["Rental days", num(d.days) !== null ? String(num(d.days)) : ""],
        ]),
      };
    default:
      return {
        start: "Starts",
        end: "Ends",
        lines: pairs([
          ["Activity", str(d.name)],
          ["Meeting point", str(d.meetingPoint)],
          ["City", str(d.city)],
          ["Duration", duration(d.durationMinutes)],
          ["Participants", num(d.participants) !== null ? String(num(d.participants)) : ""],
        ]),
      };
  }
}

export function voucher(b: BookingSnapshot, item: ItemSnapshot): VoucherView {
  const v = voucherLines(item);
  return {
    kind: "voucher",
    category: item.category,
    reference: b.reference,
    title: str(item.details.title) || str(item.details.name) || label(item.category),
    provider: item.providerName,
    providerConfirmation: item.providerConfirmationNumber ?? "pending",
    providerBookingId: item.providerBookingId ?? "",
    notice: notice(item),
    travelers: item.travelerIndices.map((t) => name(b.travelers[t])).filter(Boolean),
    start: { label: v.start, time: localTime(item.startAt, item.startZone) },
    end: { label: v.end, time: localTime(item.endAt, item.endZone ?? item.startZone) },
    lines: v.lines,
  };
}

function itineraryLines(item: ItemSnapshot): string[] {
  const d = item.details;
  if (item.category === "flight") {
    return segmentsOf(item).map(
      (s) => `${s.flightNumber} ${s.from} – ${s.to}: departs ${timeLine(s.departure)}, arrives ${timeLine(s.arrival)}`,
    );
  }
  return voucherLines(item)
    .lines.filter((l) => l.label !== "Hotel" && l.label !== "Activity")
    .map((l) => `${l.label}: ${l.value}`)
    .concat(str(d.note) ? [str(d.note)] : []);
}

export function itinerary(b: BookingSnapshot): ItineraryView {
  const items = [...b.items].sort(
    (x, y) => (x.startAt ?? "").localeCompare(y.startAt ?? "") || x.id.localeCompare(y.id),
  );
  return {
    kind: "itinerary",
    reference: b.reference,
    status: label(b.status),
    bookedOn: dateOnly(b.createdAt),
    contact: printable(`${b.contact.name} <${b.contact.email}>`),
    travelers: b.travelers.map((t) => `${name(t)} (${label(t.type)})`),
    items: items.map((i) => ({
      category: label(i.category),
      title: str(i.details.title) || str(i.details.name) || label(i.category),
      status: label(i.status),
      provider: i.providerName,
      confirmation: i.providerConfirmationNumber ?? "pending",
      start: timeLine(localTime(i.startAt, i.startZone)),
      end: timeLine(localTime(i.endAt, i.endZone ?? i.startZone)),
      lines: itineraryLines(i),
    })),
  };
}

export function receipt(b: BookingSnapshot): ReceiptView {
  const m = (minor: number, currency = b.currency) => moneyOf(minor, currency);
  const fees: MoneyLine[] = [];
  for (const i of b.items) {
    if (i.cancellationFeeMinor)
      fees.push({
        label: `Cancellation fee: ${str(i.details.title) || label(i.category)}`,
        detail: label(i.status),
        amount: m(i.cancellationFeeMinor),
      });
  }
  for (const f of b.changeFees)
    if (f.feeMinor > 0)
      fees.push({
        label: `Change fee: ${label(f.type)}`,
        detail: dateOnly(f.createdAt),
        amount: m(f.feeMinor, f.currency),
      });
  for (const r of b.refunds)
    if (r.processingFeeMinor > 0)
      fees.push({
        label: `Processing fee, refund ${r.reference}`,
        detail: "",
        amount: m(r.processingFeeMinor, r.currency),
      });
  return {
    kind: "receipt",
    reference: b.reference,
    status: label(b.status),
    bookedOn: dateOnly(b.createdAt),
    billedTo: printable(`${b.contact.name} <${b.contact.email}>`),
    currency: b.currency,
    charges: b.items.map((i) => ({
      label: `${label(i.category)}: ${str(i.details.title) || i.providerName}`,
      detail: label(i.status),
      amount: m(i.chargeShareMinor),
    })),
    total: m(b.totalMinor),
    payments: b.payments.map((p) => ({
      label: p.kind === "charge" ? "Payment" : "Fee payment",
      detail: `${label(p.method)} · ${label(p.status)} · ${dateOnly(p.createdAt)}`,
      amount: m(p.amountMinor, p.currency),
    })),
    fees,
    refunds: b.refunds.map((r) => ({
      label: `Refund ${r.reference}`,
      detail: `${label(r.status)} · ${dateOnly(r.createdAt)}${r.reason ? ` · ${printable(r.reason)}` : ""}`,
      amount: m(r.amountMinor, r.currency),
    })),
    paid: m(b.paidMinor),
    refunded: m(b.refundedMinor),
    net: m(b.paidMinor - b.refundedMinor),
  };
}
