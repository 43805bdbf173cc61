import { Text } from "@react-email/components";
import { Item, Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type ModificationProps = { booking: BookingSummary; change: string; fee: string | null };

export const modificationSubject = (p: ModificationProps) => `Your change to ${p.booking.reference} is confirmed`;

export function ModificationEmail({ booking, change, fee }: ModificationProps) {
  return (
    <Layout preview="Your booking has been updated." heading="Your change is confirmed" appUrl={booking.appUrl}>
      <Text>
        Hello {booking.travelerName}, this change to booking {booking.reference} is confirmed: {change}
      </Text>
      {fee && <Text>Change fee charged: {fee}</Text>}
      {booking.items.map((it, i) => (
        <Item key={i} item={it} />
      ))}
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
