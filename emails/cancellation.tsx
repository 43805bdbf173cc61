import { Text } from "@react-email/components";
import { Item, Layout, PortalLink } from "./layout";
import type { BookingSummary, ItemLine } from "./types";

export type CancellationProps = {
  booking: BookingSummary;
  cancelled: ItemLine[];
  refund: string | null;
  fee: string | null;
  reason: string | null;
};

export const cancellationSubject = (p: CancellationProps) => `Booking cancelled: ${p.booking.reference}`;

export function CancellationEmail({ booking, cancelled, refund, fee, reason }: CancellationProps) {
  return (
    <Layout
      preview="Your cancellation has been processed."
      heading="Your cancellation is confirmed"
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, we cancelled the following in booking {booking.reference}
        {reason ? ` (${reason})` : ""}:
      </Text>
      {cancelled.map((it, i) => (
        <Item key={i} item={it} />
      ))}
      {fee && <Text>Cancellation fee: {fee}</Text>}
      {refund && <Text>Refund: {refund}, back to your original payment method.</Text>}
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
