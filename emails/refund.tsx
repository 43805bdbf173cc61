import { Text } from "@react-email/components";
import { Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type RefundProps = { booking: BookingSummary; amount: string; expectedBy: string | null };

export const refundSubject = (p: RefundProps) => `Refund processed: ${p.amount} for booking ${p.booking.reference}`;

export function RefundEmail({ booking, amount, expectedBy }: RefundProps) {
  return (
    <Layout preview="Your refund is on its way." heading="Your refund is on its way" appUrl={booking.appUrl}>
      <Text>
        Hello {booking.travelerName}, we refunded {amount} for booking {booking.reference} to your original payment
        method.
      </Text>
      {expectedBy && <Text>Your bank should show it by {expectedBy}.</Text>}
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
