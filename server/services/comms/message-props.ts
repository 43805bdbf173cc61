import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookings, documents } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { env } from "@/server/env";
import type { BookingSummary, EmailTemplate, ItemLine } from "@/emails";

type Comm = { bookingId: string; type: string; templateId: string | null; templateData: unknown };
type Item = typeof bookingItems.$inferSelect;
type Data = Record<string, unknown>;

/** "Mon 2 Jun 2025, 14:30 (Asia/Tokyo)": the wall clock where the item happens, with its zone. */
export function localTime(at: Date | null, zone: string | null): string | null {
  if (!at) return null;
  const z = zone ?? "UTC";
  return `${format(new TZDate(at.getTime(), z), "EEE d MMM yyyy, HH:mm")} (${z})`;
}

export function itemLine(i: Item): ItemLine {
  const d = i.itemDetails as Data;
  return {
    category: i.category,
    title: typeof d.title === "string" ? d.title : i.category,
    status: i.status,
    starts: localTime(i.startAt, i.startZone),
    ends: localTime(i.endAt, i.endZone ?? i.startZone),
    confirmation: i.providerConfirmationNumber,
  };
}

/** Where the trip goes, for subjects: the hotel's or experience's city, else the first item's title. */
export function destinationOf(items: Item[]): string {
  for (const i of items) {
    const city = (i.itemDetails as Data).city;
    if (typeof city === "string") return city;
  }
  return items[0] ? itemLine(items[0]).title : "your destination";
}

export const bookingUrl = (reference: string) => `${env.APP_URL}/bookings/${encodeURIComponent(reference)}`;

export async function loadBookingView(db: Db, bookingId: string) {
  const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!b) throw new Error(`booking ${bookingId} not found`);
  const items = await db
    .select()
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, bookingId))
    .orderBy(asc(bookingItems.startAt));
  const summary: BookingSummary = {
    reference: b.bookingReference,
    travelerName: b.contactInfo.name || b.leadLastName,
    items: items.map(itemLine),
    total: formatMoney(b.totalMinor, b.currency),
    url: bookingUrl(b.bookingReference),
    appUrl: env.APP_URL,
  };
  return { booking: b, items, summary };
}

const money = (minor: unknown, currency: string) => (typeof minor === "number" ? formatMoney(minor, currency) : null);
const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const documentNames: Record<string, string> = {
  e_ticket: "E-ticket",
  voucher: "Voucher",
  itinerary: "Itinerary",
  receipt: "Receipt",
};

/** The e-mail template and its props for a queued message, from the booking as it is now. */
export async function templateFor(db: Db, comm: Comm): Promise<EmailTemplate> {
  const { booking: b, items, summary } = await loadBookingView(db, comm.bookingId);
  const data = (comm.templateData ?? {}) as Data;
  switch (comm.type) {
    case "confirmation_email":
    case "confirmation_sms":
      return { id: "confirmation", props: { booking: summary } };
    case "schedule_change_alert": {
      const item =
        items.find((i) => i.id === data.itemId) ?? items.find((i) => i.status === "schedule_changed") ?? items[0];
      return {
        id: "schedule_change",
        props: {
          booking: summary,
          item: itemLine(item),
          before: null,
          reminder: comm.templateId === "schedule_change_reminder",
          summary: str(data.summary) ?? b.issueDescription ?? "the times or details changed",
        },
      };
    }
    case "cancellation_notice": {
      const ids = Array.isArray(data.itemIds) ? (data.itemIds as string[]) : null;
      const cancelled = items.filter((i) =>
        ids ? ids.includes(i.id) : i.isCancelled || i.status === "cancelled" || i.status === "provider_cancelled",
      );
      return {
        id: "cancellation",
        props: {
          booking: summary,
          cancelled: (cancelled.length ? cancelled : items).map(itemLine),
          refund: money(data.refundMinor, str(data.currency) ?? b.currency),
          fee: money(data.feeMinor, str(data.currency) ?? b.currency),
          reason: str(data.reason) ?? b.cancellationReason,
        },
      };
    }
    case "refund_confirmation":
      return {
        id: "refund",
        props: {
          booking: summary,
          amount: money(data.amountMinor, str(data.currency) ?? b.currency) ?? formatMoney(b.refundedMinor, b.currency),
          expectedBy: str(data.expectedBy),
        },
      };
    case "refund_returned":
      return {
        id: "refund_returned",
        props: {
          booking: summary,
          amount: money(data.amountMinor, str(data.currency) ?? b.currency) ?? "your refund",
          retryOn: str(data.retryOn),
        },
      };
    case "modification_confirmation":
      return {
        id: "modification",
        props: {
          booking: summary,
          change: str(data.change) ?? "your booking was updated",
          fee: money(data.feeMinor, str(data.currency) ?? b.currency),
        },
      };
    case "document_delivery": {
      const ids = Array.isArray(data.documentIds) ? (data.documentIds as string[]) : [];
      const docs = await db
        .select({ id: documents.id, kind: documents.kind, version: documents.version })
        .from(documents)
        .where(
          ids.length ? and(eq(documents.bookingId, b.id), inArray(documents.id, ids)) : eq(documents.bookingId, b.id),
        );
      return {
        id: "document_delivery",
        props: {
          booking: summary,
          documents: docs.map((d) => ({
            name: `${documentNames[d.kind] ?? d.kind}${d.version > 1 ? ` (version ${d.version})` : ""}`,
            url: `${env.APP_URL}/api/documents/${d.id}`,
          })),
        },
      };
    }
    // Travel credit about to expire (server/services/credits/expiry-reminders.ts): the booking is only its context.
    case "credit_expiry_reminder":
      return {
        id: "credit_expiry",
        props: {
          booking: summary,
          amount: money(data.amountMinor, str(data.currency) ?? b.currency) ?? "your travel credit",
          expiresOn: str(data.expiresOn) ?? "soon",
          days: typeof data.days === "number" ? data.days : 7,
        },
      };
    case "trip_reminder":
    case "reminder_email": {
      const first = items.find((i) => !i.isCancelled) ?? items[0];
      return {
        id: "trip_reminder",
        props: {
          booking: summary,
          days: typeof data.days === "number" ? data.days : 1,
          destination: destinationOf(items),
          first: itemLine(first),
        },
      };
    }
    case "review_request":
      return {
        id: "review_request",
        props: { booking: summary, destination: destinationOf(items), reviewUrl: `${summary.url}#review` },
      };
    default:
      return {
        id: "support_update",
        props: { booking: summary, message: str(data.message) ?? "We have an update on your booking; see the portal." },
      };
  }
}
