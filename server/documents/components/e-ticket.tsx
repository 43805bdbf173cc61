import { Text, View } from "@react-pdf/renderer";
import type { ETicketView } from "../views";
import { Field, Frame, Notice, s, Section, Time } from "./layout";

/** One traveler's ticket for one flight item: every segment, baggage, both confirmation numbers. */
export function ETicket({ v, fonts }: { v: ETicketView; fonts: string[] }) {
  return (
    <Frame title="E-ticket" reference={v.reference} fonts={fonts}>
      <Notice text={v.notice} />
      <Section title="Passenger">
        <Text style={[s.title, { fontSize: 15 }]}>{v.passenger}</Text>
        <Text style={s.muted}>{`${v.passengerType} · traveler ${v.passengerNumber}`}</Text>
      </Section>
      <Section title="Booking">
        <Field label="Airline" value={v.airline} />
        <Field label="Airline confirmation" value={v.providerConfirmation} />
        <Field label="Provider booking" value={v.providerBookingId} />
        <Field label="Booking reference" value={v.reference} />
        <Field label="Cabin" value={v.cabin} />
        <Field label="Baggage" value={v.baggage} />
      </Section>
      <Section title="Flights">
        {v.segments.map((seg, k) => (
          <View key={k} style={s.box} wrap={false}>
            <Text style={s.strong}>{`${seg.flightNumber}  ${seg.from} – ${seg.to}`}</Text>
            <Time label="Departs" time={seg.departure} />
            <Time label="Arrives" time={seg.arrival} />
            {seg.duration !== "" && <Field label="Flight time" value={seg.duration} />}
          </View>
        ))}
      </Section>
      <Text style={s.muted}>
        Times are local at each airport. Check in with the airline with this ticket and a valid travel document.
      </Text>
    </Frame>
  );
}
