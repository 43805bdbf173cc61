// Dispute evidence PDFs, in the documents module's frame and fonts: the booking's history (status
// changes, messages, cancellations, refunds, timeline) and the cancellation policy as disclosed.
// The strings come ready-made from server/services/disputes/assemble-evidence.ts (pure); react-pdf
// draws them as glyphs, so a name such as "<script>" is printed as those characters.
import { renderToBuffer, Text, View } from "@react-pdf/renderer";
import { Field, Frame, Notice, s, Section } from "./components/layout";
import { fontStackFor, printable, registerFonts } from "./fonts";

export type EvidenceLine = { at: string; text: string; detail: string };
export type DisputeEvidenceView = {
  reference: string;
  dispute: string;
  evidenceDue: string;
  customer: string;
  email: string;
  travelers: string[];
  amounts: { total: string; paid: string; refunded: string };
  items: { title: string; provider: string; confirmation: string; status: string; dates: string }[];
  policies: { item: string; lines: string[] }[];
  disclosure: string;
  policyText: string;
  notes: string;
  history: EvidenceLine[];
  communications: EvidenceLine[];
  cancellations: EvidenceLine[];
  refunds: EvidenceLine[];
  timeline: EvidenceLine[];
};

const p = (x: string) => printable(x);

function Lines({ lines, empty }: { lines: EvidenceLine[]; empty: string }) {
  if (lines.length === 0) return <Text style={s.muted}>{empty}</Text>;
  return (
    <>
      {lines.map((l, k) => (
        <View key={k} style={s.row} wrap={false}>
          <Text style={[s.label, { width: 110 }]}>{p(l.at)}</Text>
          <View style={s.value}>
            <Text>{p(l.text)}</Text>
            {l.detail !== "" && <Text style={s.muted}>{p(l.detail)}</Text>}
          </View>
        </View>
      ))}
    </>
  );
}

function Booking({ v }: { v: DisputeEvidenceView }) {
  return (
    <>
      <Section title="Dispute">
        <Field label="Dispute" value={p(v.dispute)} />
        <Field label="Evidence due" value={v.evidenceDue} />
      </Section>
      <Section title="Customer">
        <Field label="Name" value={p(v.customer)} />
        <Field label="E-mail" value={p(v.email)} />
        <Field label="Travelers" value={p(v.travelers.join(", "))} />
        <Field
          label="Total / paid / refunded"
          value={`${v.amounts.total} / ${v.amounts.paid} / ${v.amounts.refunded}`}
        />
      </Section>
      <Section title="Services booked">
        {v.items.map((i, k) => (
          <View key={k} style={s.box} wrap={false}>
            <Text style={s.strong}>{p(i.title)}</Text>
            <Field label="Provider" value={p(i.provider)} />
            <Field label="Confirmation" value={p(i.confirmation)} />
            <Field label="Dates (local)" value={p(i.dates)} />
            <Field label="Status" value={p(i.status)} />
          </View>
        ))}
      </Section>
    </>
  );
}

export function DisputeHistory({ v, fonts }: { v: DisputeEvidenceView; fonts: string[] }) {
  return (
    <Frame title="Booking history" reference={v.reference} fonts={fonts}>
      {v.notes !== "" && <Notice text={p(v.notes)} />}
      <Booking v={v} />
      <Section title="Status history">
        <Lines lines={v.history} empty="No status changes recorded" />
      </Section>
      <Section title="Messages to the traveler">
        <Lines lines={v.communications} empty="No messages recorded" />
      </Section>
      <Section title="Cancellations">
        <Lines lines={v.cancellations} empty="No cancellation requested" />
      </Section>
      <Section title="Refunds">
        <Lines lines={v.refunds} empty="No refunds" />
      </Section>
      <Section title="Timeline (UTC)">
        <Lines lines={v.timeline} empty="" />
      </Section>
    </Frame>
  );
}

export function DisputePolicy({ v, fonts }: { v: DisputeEvidenceView; fonts: string[] }) {
  return (
    <Frame title="Cancellation policy" reference={v.reference} fonts={fonts}>
      <Section title="How the traveler saw it">
        <Text>{p(v.disclosure)}</Text>
      </Section>
      {v.policies.map((pol, k) => (
        <Section key={k} title={p(pol.item)}>
          {pol.lines.map((l, j) => (
            <Text key={j} style={{ marginBottom: 2 }}>{`• ${p(l)}`}</Text>
          ))}
        </Section>
      ))}
    </Frame>
  );
}

/** The booking history PDF (CPU-bound; fonts are loaded once per process). */
export async function renderDisputeHistory(v: DisputeEvidenceView): Promise<Buffer> {
  await registerFonts();
  return renderToBuffer(<DisputeHistory v={v} fonts={fontStackFor(JSON.stringify(v))} />);
}

/** The cancellation policy PDF, as disclosed to the traveler. */
export async function renderDisputePolicy(v: DisputeEvidenceView): Promise<Buffer> {
  await registerFonts();
  return renderToBuffer(
    <DisputePolicy v={v} fonts={fontStackFor(JSON.stringify({ p: v.policies, d: v.disclosure, r: v.reference }))} />,
  );
}
