import { Text } from "@react-pdf/renderer";
import type { VoucherView } from "../views";
import { Field, Frame, Notice, s, Section, Time } from "./layout";

const titles: Record<string, string> = {
  hotel: "Hotel voucher",
  car: "Car rental voucher",
  experience: "Experience voucher",
};

/** A hotel, car or experience voucher: what to show the provider on arrival. */
export function Voucher({ v, fonts }: { v: VoucherView; fonts: string[] }) {
  return (
    <Frame title={titles[v.category] ?? "Voucher"} reference={v.reference} fonts={fonts}>
      <Notice text={v.notice} />
      <Section title="Service">
        <Text style={[s.title, { fontSize: 14, marginBottom: 4 }]}>{v.title}</Text>
        <Field label="Provider" value={v.provider} />
        <Field label="Provider confirmation" value={v.providerConfirmation} />
        <Field label="Provider booking" value={v.providerBookingId} />
        <Field label="Booking reference" value={v.reference} />
      </Section>
      <Section title="When">
        <Time label={v.start.label} time={v.start.time} />
        <Time label={v.end.label} time={v.end.time} />
      </Section>
      <Section title="Details">
        {v.lines.map((l) => (
          <Field key={l.label} label={l.label} value={l.value} />
        ))}
      </Section>
      <Section title={v.category === "car" ? "Driver and travelers" : "Travelers"}>
        {v.travelers.map((t, k) => (
          <Text key={k}>{t}</Text>
        ))}
      </Section>
    </Frame>
  );
}
