import { Text } from "@react-email/components";
import { Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type ReviewRequestProps = { booking: BookingSummary; destination: string; reviewUrl: string };

export const reviewRequestSubject = (p: ReviewRequestProps) => `How was your trip to ${p.destination}?`;

export function ReviewRequestEmail({ booking, destination, reviewUrl }: ReviewRequestProps) {
  return (
    <Layout
      preview="We'd love to hear about your experience."
      heading={`How was ${destination}?`}
      appUrl={booking.appUrl}
    >
      <Text>
        Hello {booking.travelerName}, welcome back. Tell us how your trip ({booking.reference}) went: it takes a minute
        and helps other travelers.
      </Text>
      <PortalLink href={reviewUrl} label="Write a review" />
    </Layout>
  );
}
