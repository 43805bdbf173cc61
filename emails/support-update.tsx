import { Text } from "@react-email/components";
import { Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type SupportUpdateProps = { booking: BookingSummary; message: string };

export const supportUpdateSubject = (p: SupportUpdateProps) => `An update on your booking ${p.booking.reference}`;

export function SupportUpdateEmail({ booking, message }: SupportUpdateProps) {
  return (
    <Layout preview="We are working on your booking." heading="An update from our team" appUrl={booking.appUrl}>
      <Text>Hello {booking.travelerName},</Text>
      <Text>{message}</Text>
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
