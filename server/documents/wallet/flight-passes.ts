import { z } from "zod";
import { heldItemStatuses, type ItemStatus } from "@/server/domain/statuses";
import { instantOf } from "@/server/domain/zones";

// Which Apple Wallet passes a booking has: one per segment of each flight the traveler still
// holds, per traveler. Pure, so the portal page lists exactly what the download route serves.

const wall = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/);

/** One segment as providers write it in `details.segments[]` (db/seed/items.ts). */
export const flightSegment = z
  .object({
    flightNumber: z.string().min(1),
    from: z.string().min(1),
    to: z.string().min(1),
    fromCity: z.string().optional(),
    toCity: z.string().optional(),
    departureLocal: wall,
    departureZone: z.string().min(1),
    arrivalLocal: wall.optional(),
    arrivalZone: z.string().optional(),
  })
  .refine((s) => zoneKnown(s.departureLocal, s.departureZone), { path: ["departureZone"], message: "unknown zone" });
export type FlightSegment = z.infer<typeof flightSegment>;

const flightDetails = z.object({
  pnr: z.string().optional(),
  cabin: z.string().optional(),
  airline: z.string().optional(),
  segments: z.array(flightSegment).max(50),
});
export type FlightDetails = z.infer<typeof flightDetails>;

function zoneKnown(local: string, zone: string) {
  try {
    instantOf({ local, zone });
    return true;
  } catch {
    return false;
  }
}

/** A pass is for a flight still to be boarded: held (not pending, cancelled or flown). */
export const passableItemStatuses: readonly ItemStatus[] = heldItemStatuses;

export type PassableItem = { id: string; category: string; status: string; itemDetails: Record<string, unknown> };

/** The flight details a pass is built from, or why there is no pass for this item. */
export function flightForPass(
  item: PassableItem,
): { ok: true; flight: FlightDetails } | { ok: false; reason: "not_flight" | "not_held" | "no_segments" } {
  if (item.category !== "flight") return { ok: false, reason: "not_flight" };
  if (!passableItemStatuses.includes(item.status as ItemStatus)) return { ok: false, reason: "not_held" };
  const parsed = flightDetails.safeParse(item.itemDetails);
  if (!parsed.success || parsed.data.segments.length === 0) return { ok: false, reason: "no_segments" };
  return { ok: true, flight: parsed.data };
}

export const walletPassHref = (itemId: string, segment: number, traveler: number) =>
  `/api/wallet/${itemId}/${segment}/${traveler}`;

/** Stable per (item, segment, traveler): Wallet replaces a pass with the same serial rather than adding one. */
export const passSerialNumber = (itemId: string, segment: number, traveler: number) =>
  `${itemId}-s${segment}-t${traveler}`;

/** What the barcode says: booking reference, airline PNR, segment and traveler indexes (as in the URL). */
export const passBarcodeMessage = (reference: string, pnr: string, segment: number, traveler: number) =>
  `${reference}/${pnr}/${segment}/${traveler}`;

export type WalletPassLink = {
  href: string;
  itemId: string;
  segment: number;
  traveler: number;
  flightNumber: string;
  route: string;
  passenger: string;
};

/** Every pass of a booking, in item, segment, traveler order. */
export function walletPassesOf(booking: {
  travelers: { firstName: string; lastName: string }[];
  items: PassableItem[];
}): WalletPassLink[] {
  return booking.items.flatMap((item) => {
    const f = flightForPass(item);
    if (!f.ok) return [];
    return f.flight.segments.flatMap((s, segment) =>
      booking.travelers.map((t, traveler) => ({
        href: walletPassHref(item.id, segment, traveler),
        itemId: item.id,
        segment,
        traveler,
        flightNumber: s.flightNumber,
        route: `${s.from} → ${s.to}`,
        passenger: `${t.firstName} ${t.lastName}`,
      })),
    );
  });
}
