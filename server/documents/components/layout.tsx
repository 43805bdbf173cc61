// The frame every document shares: a header with the document's title and booking reference, and
// a footer with page numbers. Text is laid out by react-pdf, which writes strings as glyphs: a name
// like "<script>" is drawn as those characters, never interpreted.
import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { LocalTimeView } from "../format";

export const s = StyleSheet.create({
  page: { paddingTop: 36, paddingBottom: 48, paddingHorizontal: 40, fontSize: 10, color: "#0f172a" },
  header: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
    borderBottomWidth: 1,
    borderBottomColor: "#cbd5e1",
    paddingBottom: 8,
    marginBottom: 14,
  },
  brand: { fontSize: 9, color: "#64748b" },
  title: { fontSize: 18, fontWeight: 700 },
  refLabel: { fontSize: 8, color: "#64748b", textAlign: "right" },
  ref: { fontSize: 14, fontWeight: 700, textAlign: "right" },
  section: { marginBottom: 12 },
  h2: {
    fontSize: 9,
    fontWeight: 700,
    color: "#475569",
    textTransform: "uppercase",
    marginBottom: 4,
    letterSpacing: 0.5,
  },
  row: { flexDirection: "row", paddingVertical: 2 },
  label: { width: 120, color: "#64748b" },
  value: { flex: 1 },
  box: { borderWidth: 1, borderColor: "#e2e8f0", borderRadius: 4, padding: 8, marginBottom: 8 },
  notice: { backgroundColor: "#fef3c7", padding: 6, marginBottom: 10, borderRadius: 3 },
  muted: { color: "#64748b", fontSize: 8.5 },
  strong: { fontWeight: 700 },
  footer: {
    position: "absolute",
    bottom: 22,
    left: 40,
    right: 40,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 8,
    color: "#94a3b8",
  },
  money: { width: 110, textAlign: "right" },
});

export function Frame({
  title,
  reference,
  fonts,
  children,
}: {
  title: string;
  reference: string;
  fonts: string[];
  children: ReactNode;
}) {
  return (
    <Document title={`${title} ${reference}`} author="Booking Ops" creator="Booking Ops" producer="Booking Ops">
      <Page size="A4" style={[s.page, { fontFamily: fonts }]} wrap>
        <View style={s.header} fixed>
          <View>
            <Text style={s.brand}>Booking Ops</Text>
            <Text style={s.title}>{title}</Text>
          </View>
          <View>
            <Text style={s.refLabel}>Booking reference</Text>
            <Text style={s.ref}>{reference}</Text>
          </View>
        </View>
        {children}
        <View style={s.footer} fixed>
          <Text>{`${title} · ${reference}`}</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}

export function Field({ label, value }: { label: string; value: string }) {
  return (
    <View style={s.row} wrap={false}>
      <Text style={s.label}>{label}</Text>
      <Text style={s.value}>{value || "—"}</Text>
    </View>
  );
}

export function Time({ label, time }: { label: string; time: LocalTimeView | null }) {
  return (
    <View style={s.row} wrap={false}>
      <Text style={s.label}>{label}</Text>
      <View style={s.value}>
        <Text style={s.strong}>{time ? time.text : "—"}</Text>
        {time && <Text style={s.muted}>{`Local time, ${time.zone} (${time.offset})`}</Text>}
      </View>
    </View>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View style={s.section}>
      <Text style={s.h2}>{title}</Text>
      {children}
    </View>
  );
}

export function Notice({ text }: { text: string }) {
  return text ? (
    <View style={s.notice}>
      <Text>{text}</Text>
    </View>
  ) : null;
}
