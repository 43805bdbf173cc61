import { Link, Text } from "@react-email/components";
import { Layout, PortalLink } from "./layout";
import type { BookingSummary } from "./types";

export type DocumentDeliveryProps = { booking: BookingSummary; documents: { name: string; url: string }[] };

export const documentDeliverySubject = (p: DocumentDeliveryProps) => `Your travel documents for ${p.booking.reference}`;

export function DocumentDeliveryEmail({ booking, documents }: DocumentDeliveryProps) {
  return (
    <Layout preview="Your travel documents are ready." heading="Your travel documents" appUrl={booking.appUrl}>
      <Text>
        Hello {booking.travelerName}, here are the documents of booking {booking.reference}. They are attached, and you
        can open them in the portal at any time:
      </Text>
      {documents.map((d, i) => (
        <Text key={i} style={{ margin: "4px 0" }}>
          <Link href={d.url}>{d.name}</Link>
        </Text>
      ))}
      <PortalLink href={booking.url} label="View your booking" />
    </Layout>
  );
}
