import { Text } from "@react-email/components";
import { Item, Layout, PortalLink } from "./layout";
import type { BookingSummary, ItemLine } from "./types";

export type ScheduleChangeProps = {
  booking: BookingSummary;
  item: ItemLine;
  /** The item as it was before the change, when known. */
  before: ItemLine | null;
  summary: string;
  /** A reminder of a change still unanswered. */
  reminder: boolean;
};

export const scheduleChangeSubject = (p: ScheduleChangeProps) =>
  p.reminder
    ? `Reminder: your new schedule for ${p.booking.reference}`
    : `Schedule change: your ${p.item.category} booking ${p.booking.reference} has changed`;

export function ScheduleChangeEmail({ booking, item, before, summary, reminder }: ScheduleChangeProps) {
  return (
    <Layout
      preview="Important: your travel plans have been updated."
      heading={reminder ? "Your answer is still needed" : "Your schedule has changed"}
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, the provider changed {item.title} in booking {booking.reference}: {summary}
      </Text>
      {before && (
        <>
          <Text style={{ fontWeight: "bold" }}>Before</Text>
          <Item item={before} />
        </>
      )}
      <Text style={{ fontWeight: "bold" }}>Now</Text>
      <Item item={item} />
      <Text>
        Please accept the new schedule or reject it in the portal; if you reject it you can cancel this part of the
        trip.
      </Text>
      <PortalLink href={booking.url} label="Review the change" />
    </Layout>
  );
}
