import { Text } from "@react-email/components";
import { Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type CreditExpiryProps = {
  booking: BookingSummary;
  /** What is left of the credit, formatted. */
  amount: string;
  /** When it expires, formatted (UTC date). */
  expiresOn: string;
  days: number;
};

export const creditExpirySubject = (p: CreditExpiryProps) => `Your ${p.amount} travel credit expires in ${p.days} days`;

/** A reminder 30 and 7 days before a grant of travel credit expires (server/services/credits/expiry-reminders.ts). */
export function CreditExpiryEmail({ booking, amount, expiresOn, days }: CreditExpiryProps) {
  return (
    <Layout
      preview={`Use your travel credit before ${expiresOn}.`}
      heading={`${amount} of travel credit expires in ${days} days`}
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, {amount} of your travel credit expires on {expiresOn}. It pays for a new booking
        at checkout, or for a change fee on a booking you have. After that date it can no longer be used.
      </Text>
      <PortalLink href={booking.appUrl} label="See your travel credit" />
    </Layout>
  );
}
