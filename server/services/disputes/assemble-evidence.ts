// Pure: a dispute's evidence from our records, in Stripe's own evidence fields
// (Stripe.DisputeUpdateParams.Evidence), and the strings the evidence PDFs lay out. No I/O: the
// loader (load-evidence-record.ts) reads the records, submit-evidence.ts renders and submits.
//
// Only what our records show is claimed. The policy shown at checkout is the one stored on each
// item (checkout is outside this product; it writes the policy the traveler saw with the item);
// the confirmation e-mail's delivery and opening come from booking_communications.
import { formatMoney } from "@/server/domain/money";
import type { CancellationPolicy, Penalty } from "@/server/domain/policy";
import { formatLocal } from "@/server/domain/zones";
import type { DisputeEvidenceView } from "@/server/documents/dispute-evidence";
import type { DisputeEvidence } from "@/server/payments/gateway";

/** Who asked, in a reviewer's words (an actor kind from the request row). */
const who = (kind: string) =>
  ({ traveler: "traveler", guest: "traveler (booking look-up)", ops: "support team" })[kind] ?? kind;

export type EvidenceRecord = {
  dispute: {
    id: string;
    stripeDisputeId: string;
    amountMinor: number;
    currency: string;
    reason: string | null;
    status: string;
    evidenceDueBy: Date | null;
    createdAt: Date;
  };
  booking: {
    reference: string;
    status: string;
    createdAt: Date;
    checkoutSessionId: string | null;
    currency: string;
    totalMinor: number;
    paidMinor: number;
    refundedMinor: number;
    contact: { name: string; email: string };
    travelers: { firstName: string; lastName: string }[];
    travelStartAt: Date | null;
    travelEndAt: Date | null;
  };
  items: {
    id: string;
    category: string;
    title: string;
    providerName: string;
    confirmation: string | null;
    status: string;
    startAt: Date | null;
    endAt: Date | null;
    zone: string | null;
    chargeShareMinor: number;
    policy: CancellationPolicy | null;
  }[];
  history: {
    at: Date;
    itemId: string | null;
    from: string | null;
    to: string;
    actor: string;
    reason: string | null;
    ip: string | null;
    userAgent: string | null;
  }[];
  communications: {
    at: Date;
    type: string;
    channel: string;
    subject: string | null;
    status: string;
    recipient: string | null;
    sentAt: Date | null;
    deliveredAt: Date | null;
    openedAt: Date | null;
  }[];
  cancellations: {
    at: Date;
    type: string;
    status: string;
    requestedBy: string;
    reason: string | null;
    confirmedAt: Date | null;
    completedAt: Date | null;
    quote: {
      cancellationFeeMinor: number;
      processingFeeMinor: number;
      refundMinor: number;
      currency: string;
      items: { itemId: string; policy: string; feeMinor: number }[];
    } | null;
  }[];
  refunds: {
    at: Date;
    reference: string;
    amountMinor: number;
    currency: string;
    status: string;
    reason: string | null;
    processedAt: Date | null;
  }[];
  payments: { at: Date; kind: string; status: string; method: string; amountMinor: number; currency: string }[];
};

export type AssembledEvidence = {
  /** Text fields, ready for the gateway; file fields are added when the PDFs are uploaded. */
  evidence: DisputeEvidence;
  view: DisputeEvidenceView;
};

/** Stripe caps the evidence text; each long field is cut here with a pointer to the attached file. */
export const TEXT_LIMITS = { uncategorized_text: 8_000, access_activity_log: 4_000, default: 2_500 } as const;

const utc = (d: Date | null | undefined) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "");
const day = (d: Date | null | undefined, zone: string | null | undefined) =>
  d ? formatLocal(d.getTime(), zone || "UTC").slice(0, 10) : "";
const local = (d: Date | null | undefined, zone: string | null | undefined) =>
  d ? `${formatLocal(d.getTime(), zone || "UTC").replace("T", " ")} (${zone || "UTC"})` : "";
const words = (s: string) => s.replaceAll("_", " ");

export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n… (continued in the attached booking history PDF)";
  return text.slice(0, limit - note.length) + note;
}

export function penaltyText(p: Penalty, currency: string): string {
  switch (p.kind) {
    case "percentage":
      return `${(p.bps / 100).toString()}% of the item's price`;
    case "fixed":
      return `a fixed fee of ${formatMoney(p.minor, currency)}`;
    case "nights":
      return `${p.nights} night${p.nights === 1 ? "" : "s"}`;
    case "full":
      return "the full price (no refund)";
  }
}

/** A policy as the traveler would read it, deadlines in the zone the policy names. */
export function policyLines(policy: CancellationPolicy | null, currency: string): string[] {
  if (!policy) return ["No cancellation policy recorded for this item."];
  if (!policy.refundable) return ["Non-refundable: cancelling returns nothing."];
  const lines: string[] = [];
  const first = policy.tiers[0];
  lines.push(
    first
      ? `Free cancellation before ${first.fromLocal.replace("T", " ")} (${policy.zone}).`
      : "Free cancellation at any time.",
  );
  for (const t of policy.tiers)
    lines.push(
      `From ${t.fromLocal.replace("T", " ")} (${policy.zone}): fee of ${penaltyText(t.penalty, currency)}. ${t.description}`.trim(),
    );
  if (policy.processingFeeMinor > 0)
    lines.push(`Processing fee on any refund: ${formatMoney(policy.processingFeeMinor, currency)}.`);
  return lines;
}

function productDescription(r: EvidenceRecord): string {
  const b = r.booking;
  const items = r.items.map(
    (i) =>
      `${words(i.category)}: ${i.title}, ${i.providerName}${i.confirmation ? ` (confirmation ${i.confirmation})` : ""}, ${day(i.startAt, i.zone)} to ${day(i.endAt, i.zone)}`,
  );
  const travelers = b.travelers.map((t) => `${t.firstName} ${t.lastName}`).join(", ");
  return [`Travel booking ${b.reference} for ${travelers}, ${formatMoney(b.totalMinor, b.currency)}.`, ...items].join(
    "\n",
  );
}

function disclosure(r: EvidenceRecord): string {
  const b = r.booking;
  const confirmation = r.communications.find((c) => c.type === "confirmation_email" && c.sentAt);
  const parts = [
    `Each item's cancellation policy is stored with the booking as presented at checkout before payment (booking ${b.reference} created ${utc(b.createdAt)}${b.checkoutSessionId ? `, checkout session ${b.checkoutSessionId}` : ""}).`,
  ];
  if (confirmation) {
    parts.push(
      `The booking confirmation e-mail with the policy was sent to ${confirmation.recipient ?? b.contact.email} on ${utc(confirmation.sentAt)}` +
        `${confirmation.deliveredAt ? `, delivered ${utc(confirmation.deliveredAt)}` : ""}${confirmation.openedAt ? `, opened ${utc(confirmation.openedAt)}` : ""}.`,
    );
  }
  parts.push(
    "The policy is shown on the traveler's booking page and with every cancellation quote before the traveler confirms it.",
  );
  return parts.join(" ");
}

/** Why the traveler is not owed (more of) a refund: cancellations with their fees, or services provided as booked. */
function refusal(r: EvidenceRecord, fees: number): string | null {
  const b = r.booking;
  const lines: string[] = [];
  for (const c of r.cancellations) {
    if (!c.quote) continue;
    const policies = c.quote.items
      .filter((i) => i.feeMinor > 0)
      .map((i) => i.policy)
      .join("; ");
    lines.push(
      `${c.type === "full" ? "Cancellation" : "Partial cancellation"} requested ${utc(c.at)} by the ${who(c.requestedBy)}${c.confirmedAt ? `, quote confirmed by the traveler ${utc(c.confirmedAt)}` : ""}: ` +
        `fee ${formatMoney(c.quote.cancellationFeeMinor + c.quote.processingFeeMinor, c.quote.currency)} retained under the policy (${policies || "no fee"}), refund ${formatMoney(c.quote.refundMinor, c.quote.currency)}.`,
    );
  }
  const sent = r.refunds.filter((x) => x.status === "succeeded" && x.reason !== "chargeback");
  for (const x of sent)
    lines.push(
      `Refund ${x.reference} of ${formatMoney(x.amountMinor, x.currency)} sent ${utc(x.processedAt ?? x.at)}.`,
    );
  const ended = b.travelEndAt && b.travelEndAt.getTime() < r.dispute.createdAt.getTime();
  if (r.cancellations.length === 0 && ended)
    lines.push(
      `The travel services were provided as booked (${day(b.travelStartAt, r.items[0]?.zone)} to ${day(b.travelEndAt, r.items[0]?.zone)}); no cancellation was requested.`,
    );
  if (lines.length === 0 && fees === 0) return null;
  return lines.join("\n");
}

function timeline(r: EvidenceRecord): { at: Date; text: string }[] {
  const title = new Map(r.items.map((i) => [i.id, i.title]));
  const out: { at: Date; text: string }[] = [
    { at: r.booking.createdAt, text: `Booking ${r.booking.reference} created` },
  ];
  for (const p of r.payments)
    out.push({
      at: p.at,
      text: `Payment (${words(p.kind)}, ${p.method}) ${formatMoney(p.amountMinor, p.currency)}: ${p.status}`,
    });
  for (const h of r.history) {
    const what = h.itemId ? `${title.get(h.itemId) ?? "Item"}` : "Booking";
    out.push({
      at: h.at,
      text: `${what}: ${h.from ? `${words(h.from)} → ` : ""}${words(h.to)} (by ${h.actor})${h.reason ? `: ${h.reason}` : ""}`,
    });
  }
  for (const c of r.communications)
    out.push({
      at: c.sentAt ?? c.at,
      text: `Message ${words(c.type)} by ${c.channel} to ${c.recipient ?? "traveler"}: ${c.status}`,
    });
  for (const c of r.cancellations)
    out.push({ at: c.at, text: `Cancellation (${c.type}) requested by the ${who(c.requestedBy)}: ${words(c.status)}` });
  for (const x of r.refunds)
    out.push({
      at: x.at,
      text: `Refund ${x.reference} ${formatMoney(x.amountMinor, x.currency)}: ${x.status}${x.reason ? ` (${x.reason})` : ""}`,
    });
  out.push({
    at: r.dispute.createdAt,
    text: `Card dispute ${r.dispute.stripeDisputeId} opened (${words(r.dispute.reason ?? "no reason")}) for ${formatMoney(r.dispute.amountMinor, r.dispute.currency)}`,
  });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The evidence for one dispute. `notes` (the founder's, from the console) lead the free text.
 * Deterministic: the same records and notes give the same evidence (the console previews exactly
 * what is then submitted).
 */
export function assembleEvidence(r: EvidenceRecord, notes = ""): AssembledEvidence {
  const b = r.booking,
    cur = b.currency;
  const fees = r.cancellations.reduce(
    (s, c) => s + (c.quote ? c.quote.cancellationFeeMinor + c.quote.processingFeeMinor : 0),
    0,
  );
  const events = timeline(r);
  const why = refusal(r, fees);
  const policies = r.items.map((i) => ({
    item: `${words(i.category)}: ${i.title}`,
    lines: policyLines(i.policy, cur),
  }));
  const policyText = policies.map((p) => `${p.item}\n${p.lines.map((l) => `- ${l}`).join("\n")}`).join("\n\n");
  const text = [
    notes.trim() ? `Notes from our team:\n${notes.trim()}` : "",
    `Booking ${b.reference}: paid ${formatMoney(b.paidMinor, cur)}, refunded ${formatMoney(b.refundedMinor, cur)}, status ${words(b.status)}.`,
    "Timeline (UTC):",
    ...events.map((e) => `${utc(e.at)}  ${e.text}`),
  ]
    .filter(Boolean)
    .join("\n");
  const access = r.communications
    .map(
      (c) =>
        `${utc(c.sentAt ?? c.at)} ${words(c.type)} (${c.channel}) to ${c.recipient ?? "traveler"}: ${c.status}${c.deliveredAt ? `, delivered ${utc(c.deliveredAt)}` : ""}${c.openedAt ? `, opened ${utc(c.openedAt)}` : ""}`,
    )
    .concat(
      r.history
        .filter((h) => h.actor === "traveler" || h.actor === "guest")
        .map(
          (h) =>
            `${utc(h.at)} traveler action: ${words(h.to)}${h.ip ? ` from ${h.ip}` : ""}${h.userAgent ? ` (${h.userAgent})` : ""}`,
        ),
    );
  const cancelled = r.cancellations.length > 0;
  const dis = disclosure(r);
  const evidence: DisputeEvidence = {
    customer_name: clip(b.contact.name, TEXT_LIMITS.default),
    customer_email_address: b.contact.email,
    product_description: clip(productDescription(r), TEXT_LIMITS.default),
    service_date: b.travelStartAt
      ? `${day(b.travelStartAt, r.items[0]?.zone)}${b.travelEndAt ? ` to ${day(b.travelEndAt, r.items[0]?.zone)}` : ""}`
      : "",
    cancellation_policy_disclosure: clip(dis, TEXT_LIMITS.default),
    refund_policy_disclosure: clip(
      `${dis} Refunds follow the same policy and go back to the original payment method.`,
      TEXT_LIMITS.default,
    ),
    ...(why ? { refund_refusal_explanation: clip(why, TEXT_LIMITS.default) } : {}),
    ...(cancelled && why ? { cancellation_rebuttal: clip(why, TEXT_LIMITS.default) } : {}),
    ...(access.length ? { access_activity_log: clip(access.join("\n"), TEXT_LIMITS.access_activity_log) } : {}),
    uncategorized_text: clip(text, TEXT_LIMITS.uncategorized_text),
  };
  if (!evidence.service_date) delete evidence.service_date;
  const view: DisputeEvidenceView = {
    reference: b.reference,
    dispute: `${r.dispute.stripeDisputeId} · ${words(r.dispute.reason ?? "no reason")} · ${formatMoney(r.dispute.amountMinor, r.dispute.currency)}`,
    evidenceDue: utc(r.dispute.evidenceDueBy),
    customer: b.contact.name,
    email: b.contact.email,
    travelers: b.travelers.map((t) => `${t.firstName} ${t.lastName}`),
    amounts: {
      total: formatMoney(b.totalMinor, cur),
      paid: formatMoney(b.paidMinor, cur),
      refunded: formatMoney(b.refundedMinor, cur),
    },
    items: r.items.map((i) => ({
      title: `${words(i.category)}: ${i.title}`,
      provider: i.providerName,
      confirmation: i.confirmation ?? "",
      status: words(i.status),
      dates: `${local(i.startAt, i.zone)} to ${local(i.endAt, i.zone)}`,
    })),
    policies,
    disclosure: dis,
    policyText,
    notes: notes.trim(),
    history: r.history.map((h) => ({
      at: utc(h.at),
      text: `${h.itemId ? (r.items.find((i) => i.id === h.itemId)?.title ?? "Item") : "Booking"}: ${h.from ? `${words(h.from)} to ` : ""}${words(h.to)}`,
      detail: `by ${h.actor}${h.reason ? ` · ${h.reason}` : ""}`,
    })),
    communications: r.communications.map((c) => ({
      at: utc(c.sentAt ?? c.at),
      text: `${words(c.type)} (${c.channel}) to ${c.recipient ?? "traveler"}${c.subject ? `: ${c.subject}` : ""}`,
      detail: [
        c.status,
        c.deliveredAt ? `delivered ${utc(c.deliveredAt)}` : "",
        c.openedAt ? `opened ${utc(c.openedAt)}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    cancellations: r.cancellations.map((c) => ({
      at: utc(c.at),
      text: `${c.type === "full" ? "Full" : "Partial"} cancellation requested by the ${who(c.requestedBy)}: ${words(c.status)}`,
      detail: [
        c.confirmedAt ? `confirmed ${utc(c.confirmedAt)}` : "",
        c.quote
          ? `fee ${formatMoney(c.quote.cancellationFeeMinor + c.quote.processingFeeMinor, c.quote.currency)}, refund ${formatMoney(c.quote.refundMinor, c.quote.currency)}`
          : "",
        c.reason ?? "",
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    refunds: r.refunds.map((x) => ({
      at: utc(x.at),
      text: `${x.reference}: ${formatMoney(x.amountMinor, x.currency)} ${x.status}`,
      detail: [x.reason ?? "", x.processedAt ? `processed ${utc(x.processedAt)}` : ""].filter(Boolean).join(" · "),
    })),
    timeline: events.map((e) => ({ at: utc(e.at), text: e.text, detail: "" })),
  };
  return { evidence, view };
}
