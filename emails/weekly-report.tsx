import { Column, Row, Section, Text } from "@react-email/components";
import { formatMoney } from "@/server/domain/money";
import type { WeeklyFigures } from "@/server/services/reports/weekly-report";
import { Layout, PortalLink } from "./layout";

export type WeeklyReportProps = { figures: WeeklyFigures; url: string; appUrl: string };

export const weeklyReportSubject = (p: WeeklyReportProps) =>
  `Week of ${p.figures.weekStart}: ${p.figures.bookings} bookings, ${p.figures.cancellations} cancellations`;

const cell = { fontSize: "13px", padding: "2px 0" };
const bar = { backgroundColor: "#0f766e", height: "12px" };

/** The founder's weekly figures, with the bookings per day as a bar chart made of table cells (every mail client draws those). */
export function WeeklyReportEmail({ figures: f, url, appUrl }: WeeklyReportProps) {
  const max = Math.max(1, ...f.perDay.map((d) => d.bookings));
  const facts: [string, string | number][] = [
    ["Bookings", f.bookings],
    ["Cancellations completed", f.cancellations],
    ["Provider cancellations", f.providerCancellations],
    ["Schedule changes", f.scheduleChanges],
    ["Refunds sent / failed", `${f.refunds.succeeded} / ${f.refunds.failed}`],
    ["Disputes opened / won / lost", `${f.disputes.opened} / ${f.disputes.won} / ${f.disputes.lost}`],
    ["Alerts (critical)", `${f.alerts.raised} (${f.alerts.critical})`],
    ["Follow-ups opened / resolved", `${f.followUps.opened} / ${f.followUps.resolved}`],
  ];
  return (
    <Layout
      preview={`${f.bookings} bookings, ${f.refunds.failed} failed refunds`}
      heading={`Your week: ${f.weekStart} to ${f.weekEnd}`}
      appUrl={appUrl}
    >
      <Section>
        {facts.map(([k, v]) => (
          <Row key={k}>
            <Column style={cell}>{k}</Column>
            <Column style={{ ...cell, textAlign: "right" }}>{v}</Column>
          </Row>
        ))}
      </Section>
      <Text style={{ fontWeight: "bold" }}>Money, per currency</Text>
      <Section>
        {f.money.map((m) => (
          <Row key={m.currency}>
            <Column style={cell}>{m.currency}</Column>
            <Column style={{ ...cell, textAlign: "right" }}>
              {formatMoney(m.revenueMinor, m.currency)} in · {formatMoney(m.refundedMinor, m.currency)} back ·{" "}
              {formatMoney(m.netMinor, m.currency)} net
            </Column>
          </Row>
        ))}
      </Section>
      <Text style={{ fontWeight: "bold" }}>Bookings per day</Text>
      <Section>
        {f.perDay.map((d) => (
          <Row key={d.day}>
            <Column style={{ ...cell, width: "90px" }}>{d.day}</Column>
            <Column style={cell}>
              <div style={{ ...bar, width: `${Math.round((d.bookings / max) * 100)}%` }} />
            </Column>
            <Column style={{ ...cell, width: "40px", textAlign: "right" }}>{d.bookings}</Column>
          </Row>
        ))}
      </Section>
      <PortalLink href={url} label="Open the report in the console" />
    </Layout>
  );
}
