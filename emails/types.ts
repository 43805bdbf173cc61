// What the templates show, already formatted: money by formatMoney, times in each item's own zone.
// The templates stay pure (no I/O); server/services/comms/message-props.ts builds these from the DB.

export type ItemLine = {
  category: "flight" | "hotel" | "car" | "experience";
  title: string;
  /** Local start (and end) with the item's IANA zone, e.g. "Mon 2 Jun 2025, 14:30 (Asia/Tokyo)". */
  starts: string | null;
  ends: string | null;
  confirmation: string | null;
  status: string;
};

export type BookingSummary = {
  reference: string;
  travelerName: string;
  items: ItemLine[];
  total: string;
  /** The booking's page in the portal. */
  url: string;
  /** The portal's origin, for the footer. */
  appUrl: string;
};
