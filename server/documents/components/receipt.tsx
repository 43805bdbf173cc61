import { Text, View } from "@react-pdf/renderer";
import type { MoneyLine, ReceiptView } from "../views";
import { Field, Frame, s, Section } from "./layout";

function Lines({ lines, empty }: { lines: MoneyLine[]; empty: string }) {
  if (lines.length === 0) return <Text style={s.muted}>{empty}</Text>;
  return (
    <>
      {lines.map((l, k) => (
        <View key={k} style={s.row} wrap={false}>
          <View style={s.value}>
            <Text>{l.label}</Text>
            {l.detail !== "" && <Text style={s.muted}>{l.detail}</Text>}
          </View>
          <Text style={s.money}>{l.amount}</Text>
        </View>
      ))}
    </>
  );
}

function Total({ label, amount }: { label: string; amount: string }) {
  return (
    <View style={[s.row, { borderTopWidth: 1, borderTopColor: "#e2e8f0" }]}>
      <Text style={[s.value, s.strong]}>{label}</Text>
      <Text style={[s.money, s.strong]}>{amount}</Text>
    </View>
  );
}

/** Payments, refunds and fees of the booking, amounts as formatted from integer minor units. */
export function Receipt({ v, fonts }: { v: ReceiptView; fonts: string[] }) {
  return (
    <Frame title="Receipt" reference={v.reference} fonts={fonts}>
      <Section title="Billed to">
        <Field label="Customer" value={v.billedTo} />
        <Field label="Booked on" value={v.bookedOn} />
        <Field label="Status" value={v.status} />
        <Field label="Currency" value={v.currency} />
      </Section>
      <Section title="Charges">
        <Lines lines={v.charges} empty="No charges" />
        <Total label="Total charged" amount={v.total} />
      </Section>
      <Section title="Payments">
        <Lines lines={v.payments} empty="No payments recorded" />
      </Section>
      <Section title="Fees">
        <Lines lines={v.fees} empty="No fees" />
      </Section>
      <Section title="Refunds">
        <Lines lines={v.refunds} empty="No refunds" />
      </Section>
      <Section title="Summary">
        <Total label="Paid" amount={v.paid} />
        <Total label="Refunded" amount={v.refunded} />
        <Total label="Net paid" amount={v.net} />
      </Section>
    </Frame>
  );
}
