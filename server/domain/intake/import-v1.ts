// One line of an NDJSON import of existing bookings (docs/architecture.md, "Imports"): the intake
// body (booking-v1.ts) with the booking's current status, each item's status, the refunds already
// paid (its money history) and a key: the checkout session id, else the platform's booking id.
import { z } from "zod";
import { statusAgreesWithItems } from "@/server/domain/booking-machine";
import { instant } from "@/server/domain/input";
import { formatMoney } from "@/server/domain/money";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";
import { bookingIntakeFields } from "./booking-v1";
import { checkBooking } from "./booking-checks";
import { carItem, experienceItem, flightItem, hotelItem } from "./items";
import { amountMinor, currencyCode, text } from "./parts";

export const importSources = ["console", "cli"] as const;
export type ImportSource = (typeof importSources)[number];
export const importRunStatuses = ["running", "done", "failed"] as const;
export type ImportRunStatus = (typeof importRunStatuses)[number];

/** Statuses a booking may be imported in; pending and disputed are refused with the reason. */
export const importableBookingStatuses = [
  "confirmed",
  "ticketed",
  "modified",
  "completed",
  "cancelled",
  "partially_cancelled",
  "refunded",
] as const satisfies readonly BookingStatus[];
export const importableItemStatuses = [
  "confirmed",
  "ticketed",
  "modified",
  "completed",
  "cancelled",
  "provider_cancelled",
  "no_show",
] as const satisfies readonly ItemStatus[];

const whyNot: Partial<Record<string, string>> = {
  pending: "a pending booking is not confirmed with its providers yet: send it to POST /api/v1/bookings instead",
  disputed:
    "a disputed booking cannot be imported: its dispute and chargeback live at Stripe; import it in its status before the dispute and the dispute arrives from Stripe's events",
  schedule_changed:
    "an item waiting for the traveler's answer to a schedule change cannot be imported: import it in its status before the change",
};

const statusField = <S extends string>(allowed: readonly S[], what: string) =>
  z.string().transform((s, ctx): S => {
    if ((allowed as readonly string[]).includes(s)) return s as S;
    ctx.issues.push({
      code: "custom",
      input: s,
      message: whyNot[s] ?? `${JSON.stringify(s.slice(0, 40))} is not ${what} (${allowed.join(", ")})`,
    });
    return z.NEVER;
  });

const itemStatus = { status: statusField(importableItemStatuses, "an item status an import takes") };
export const importItem = z.discriminatedUnion("category", [
  flightItem.extend(itemStatus),
  hotelItem.extend(itemStatus),
  carItem.extend(itemStatus),
  experienceItem.extend(itemStatus),
]);

export const importedRefund = z.object({
  amountMinor: amountMinor.positive({ error: "must be more than 0" }),
  currency: currencyCode,
  refundedAt: instant,
  itemIndex: z.int().nonnegative().optional().meta({ description: "The item the refund was for, when it was for one" }),
});

export const importLineV1 = bookingIntakeFields
  .extend({
    checkoutSessionId: text(255).optional(),
    platformBookingId: text(255).optional(),
    status: statusField(importableBookingStatuses, "a booking status an import takes"),
    items: z.array(importItem).min(1).max(20),
    refunds: z.array(importedRefund).max(50).default([]),
    bookedAt: instant.optional().meta({ description: "When the traveler booked; the import's time when left out" }),
  })
  .superRefine(checkBooking)
  .superRefine(checkImport);

export type ImportLineV1 = z.infer<typeof importLineV1>;

/** The row key an import is idempotent on: the session id, else the platform's booking id. */
export function importKey(line: { checkoutSessionId?: string; platformBookingId?: string }): string | null {
  if (line.checkoutSessionId) return line.checkoutSessionId;
  return line.platformBookingId ? `platform:${line.platformBookingId}` : null;
}

const money = (minor: number, currency: string) => {
  try {
    return formatMoney(minor, currency);
  } catch {
    return `${minor} minor units of ${currency}`;
  }
};
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

type Line = z.output<typeof importLineV1>;

function checkImport(b: Line, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message, input: undefined });
  if (!importKey(b))
    issue(["checkoutSessionId"], "every imported row needs a key: checkoutSessionId or platformBookingId");
  const itemStatuses = b.items.map((i) => i.status);
  if (!statusAgreesWithItems(b.status, itemStatuses))
    issue(
      ["status"],
      `${b.status} disagrees with the items' statuses (${itemStatuses.join(", ")}): all cancelled → cancelled, some → partially_cancelled`,
    );

  const paid = sum(b.tenders.map((t) => t.amountMinor));
  const perItem = new Map<number, number>();
  b.refunds.forEach((r, k) => {
    if (r.currency !== b.currency)
      issue(["refunds", k, "currency"], `refunds go back in the charge currency ${b.currency}, not ${r.currency}`);
    if (r.itemIndex === undefined) return;
    if (r.itemIndex >= b.items.length)
      issue(["refunds", k, "itemIndex"], `item ${r.itemIndex} does not exist (${b.items.length} listed)`);
    else perItem.set(r.itemIndex, (perItem.get(r.itemIndex) ?? 0) + r.amountMinor);
  });
  for (const [i, refunded] of perItem) {
    const share = b.items[i].chargeShareMinor;
    if (refunded > share)
      issue(
        ["refunds"],
        `item ${i}'s refunds add up to ${money(refunded, b.currency)}, more than its charge share ${money(share, b.currency)}`,
      );
  }
  const refunded = sum(b.refunds.map((r) => r.amountMinor));
  if (refunded > paid)
    issue(
      ["refunds"],
      `the refunds add up to ${money(refunded, b.currency)}, more than was paid (${money(paid, b.currency)})`,
    );
  else if (b.status === "refunded" && refunded !== paid)
    issue(
      ["refunds"],
      `a refunded booking's refunds must add up to what was paid (${money(paid, b.currency)}), not ${money(refunded, b.currency)}`,
    );
}
