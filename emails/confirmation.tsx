import { Text } from "@react-email/components";
import { Item, Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type ConfirmationProps = { booking: BookingSummary };

export const confirmationSubject = (p: ConfirmationProps) => `Booking confirmed: ${p.booking.reference}`;

export function ConfirmationEmail({ booking }: ConfirmationProps) {
  return (
    <Layout
      preview={`Your trip is booked: ${booking.reference}`}
      heading="Your booking is confirmed"
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, your booking {booking.reference} is confirmed.
      </Text>
      {booking.items.map((it, i) => (
        <Item key={i} item={it} />
      ))}
      <Text>Total paid: {booking.total}</Text>
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
