import { Text, View } from "@react-pdf/renderer";
import type { ItineraryView } from "../views";
import { Field, Frame, s, Section } from "./layout";

/** The whole booking: every item in time order with its local times, zones and offsets. */
export function Itinerary({ v, fonts }: { v: ItineraryView; fonts: string[] }) {
  return (
    <Frame title="Itinerary" reference={v.reference} fonts={fonts}>
      <Section title="Booking">
        <Field label="Status" value={v.status} />
        <Field label="Booked on" value={v.bookedOn} />
        <Field label="Contact" value={v.contact} />
      </Section>
      <Section title="Travelers">
        {v.travelers.map((t, k) => (
          <Text key={k}>{t}</Text>
        ))}
      </Section>
      <Section title="Trip">
        {v.items.map((i, k) => (
          <View key={k} style={s.box} wrap={false}>
            <View style={{ flexDirection: "row", justifyContent: "space-between" }}>
              <Text style={s.strong}>{`${i.category}: ${i.title}`}</Text>
              <Text style={s.muted}>{i.status}</Text>
            </View>
            <Field label="Starts" value={i.start} />
            <Field label="Ends" value={i.end} />
            <Field label="Provider" value={`${i.provider} · confirmation ${i.confirmation}`} />
            {i.lines.map((l, n) => (
              <Text key={n} style={s.muted}>
                {l}
              </Text>
            ))}
          </View>
        ))}
      </Section>
      <Text style={s.muted}>
        All times are local to where each service takes place, with the zone and its offset from UTC on that date.
      </Text>
    </Frame>
  );
}
