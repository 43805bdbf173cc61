import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { ItemLine } from "./types";

const body = { backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", color: "#18181b" };
const card = {
  backgroundColor: "#ffffff",
  borderRadius: "8px",
  margin: "24px auto",
  padding: "24px",
  maxWidth: "560px",
};
const muted = { color: "#71717a", fontSize: "12px", lineHeight: "18px" };
export const button = {
  backgroundColor: "#18181b",
  color: "#ffffff",
  padding: "10px 16px",
  borderRadius: "6px",
  textDecoration: "none",
  display: "inline-block",
};

/** The one layout of every e-mail: preview line, heading, content, a link back to the portal. */
export function Layout(props: { preview: string; heading: string; appUrl: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={body}>
        <Container style={card}>
          <Heading as="h1" style={{ fontSize: "20px" }}>
            {props.heading}
          </Heading>
          {props.children}
          <Hr />
          <Text style={muted}>
            Manage your bookings at <Link href={props.appUrl}>{props.appUrl}</Link>. You receive this message about a
            booking you made.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** An item as a short block: title, local times with zone, confirmation number. */
export function Item({ item }: { item: ItemLine }) {
  return (
    <Section style={{ borderLeft: "3px solid #e4e4e7", paddingLeft: "12px", margin: "8px 0" }}>
      <Text style={{ margin: "0", fontWeight: "bold" }}>{item.title}</Text>
      {item.starts && <Text style={{ margin: "0" }}>{item.ends ? `${item.starts} → ${item.ends}` : item.starts}</Text>}
      {item.confirmation && <Text style={{ ...muted, margin: "0" }}>Confirmation {item.confirmation}</Text>}
    </Section>
  );
}

export function PortalLink({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "16px 0" }}>
      <Link href={href} style={button}>
        {label}
      </Link>
    </Section>
  );
}
