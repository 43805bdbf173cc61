import { Text } from "@react-email/components";
import { Item, Layout, PortalLink } from "./layout";
import type { BookingSummary, ItemLine } from "./types";

export type TripReminderProps = { booking: BookingSummary; days: number; destination: string; first: ItemLine };

const inDays = (d: number) => (d === 1 ? "tomorrow" : `in ${d} days`);
export const tripReminderSubject = (p: TripReminderProps) => `Your trip to ${p.destination} is ${inDays(p.days)}!`;

export function TripReminderEmail({ booking, days, destination, first }: TripReminderProps) {
  return (
    <Layout
      preview="Get ready for your upcoming trip."
      heading={`Your trip to ${destination} is ${inDays(days)}`}
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, booking {booking.reference} starts with:
      </Text>
      <Item item={first} />
      <Text>Check your documents and travel requirements before you leave.</Text>
      <PortalLink href={booking.url} label="View your trip" />
    </Layout>
  );
}
