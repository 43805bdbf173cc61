import { Text } from "@react-email/components";
import { Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type RefundReturnedProps = {
  booking: BookingSummary;
  amount: string;
  /** When we send it again (the refunds job's next attempt), already formatted; null when a person takes it over. */
  retryOn: string | null;
};

export const refundReturnedSubject = (p: RefundReturnedProps) =>
  `Your refund of ${p.amount} for booking ${p.booking.reference} came back to us`;

/** A refund we told the traveler was on its way was returned by their bank or card network. */
export function RefundReturnedEmail({ booking, amount, retryOn }: RefundReturnedProps) {
  return (
    <Layout
      preview="Your bank returned the refund; we are sending it again."
      heading="Your refund came back to us"
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, the refund of {amount} for booking {booking.reference} that we sent to your
        original payment method was returned to us by your bank or card network, so it will not reach you as we said.
      </Text>
      <Text>
        {retryOn
          ? `We will send it again on ${retryOn}, and a member of our team is following it until it arrives.`
          : "A member of our team is following it and will contact you about how to get it to you."}{" "}
        If your card was replaced or closed, reply to this e-mail or contact us from your booking page so we can refund
        you another way.
      </Text>
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
