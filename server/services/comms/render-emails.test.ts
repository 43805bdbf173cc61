import { describe, expect, it } from "vitest";
import { type BookingSummary, type EmailTemplate, renderEmail } from "@/emails";
import { formatMoney } from "@/server/domain/money";
import { localTime } from "./message-props";

// Every template renders its key facts in HTML and plain text; names and free text with markup
// come out escaped. Props are built the way message-props builds them (money, zoned times).
const xss = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
const flight = {
  category: "flight" as const,
  title: `NH 204 ${xss}`,
  status: "confirmed",
  confirmation: "PNR7Q",
  starts: localTime(new Date("2030-06-02T05:30:00Z"), "Asia/Tokyo"),
  ends: localTime(new Date("2030-06-02T14:00:00Z"), "Europe/Paris"),
};
const booking: BookingSummary = {
  reference: "BK-7Q2X",
  travelerName: `Zoë ${xss}`,
  items: [flight],
  total: formatMoney(123456, "EUR"),
  url: "http://localhost:3000/bookings/BK-7Q2X",
  appUrl: "http://localhost:3000",
};
const all: EmailTemplate[] = [
  { id: "confirmation", props: { booking } },
  {
    id: "schedule_change",
    props: { booking, item: flight, before: null, summary: `Departure moved 3 hours ${xss}`, reminder: false },
  },
  {
    id: "cancellation",
    props: {
      booking,
      cancelled: [flight],
      refund: formatMoney(100000, "EUR"),
      fee: formatMoney(23456, "EUR"),
      reason: xss,
    },
  },
  { id: "refund", props: { booking, amount: formatMoney(100000, "EUR"), expectedBy: "12 June 2030" } },
  { id: "modification", props: { booking, change: `Name corrected to ${xss}`, fee: formatMoney(2500, "EUR") } },
  {
    id: "document_delivery",
    props: { booking, documents: [{ name: "E-ticket", url: "http://localhost:3000/api/documents/abc" }] },
  },
  { id: "trip_reminder", props: { booking, days: 7, destination: "Tokyo", first: flight } },
  { id: "review_request", props: { booking, destination: "Tokyo", reviewUrl: `${booking.url}#review` } },
  { id: "support_update", props: { booking, message: `We are on it ${xss}` } },
];

describe("e-mail templates", () => {
  it.each(all)("$id: key facts in HTML and text, markup escaped", async (t) => {
    const r = await renderEmail(t);
    expect(r.subject).toBeTruthy();
    expect(r.html).toContain("BK-7Q2X");
    expect(r.html).toContain(booking.url);
    expect(r.text).toContain("BK-7Q2X");
    expect(r.text).toContain("http://localhost:3000");
    // Escaped: no live tag from the payload, its text is shown as text.
    expect(r.html).not.toMatch(/<script>alert|<img src=x/i);
    expect(r.html).toContain("&lt;script&gt;");
  });

  it("shows money formatted and each time in its own zone", async () => {
    const r = await renderEmail(all[0]);
    expect(r.html).toContain("€1,234.56");
    expect(r.html).toContain("Sun 2 Jun 2030, 14:30 (Asia/Tokyo)"); // 05:30 UTC is 14:30 in Tokyo
    expect(r.html).toContain("Sun 2 Jun 2030, 16:00 (Europe/Paris)"); // 14:00 UTC is 16:00 in Paris (CEST)
    expect(r.text).toContain("€1,234.56");
  });

  it("puts the amounts of a cancellation and a refund in the message", async () => {
    expect((await renderEmail(all[2])).html).toMatch(/€234\.56[\s\S]*€1,000\.00/);
    const refund = await renderEmail(all[3]);
    expect(refund.subject).toBe("Refund processed: €1,000.00 for booking BK-7Q2X");
    expect(refund.text).toContain("12 June 2030");
  });

  it("sign-in: the first link of the plain text is the sign-in link, whole", async () => {
    const url = "http://localhost:3000/api/auth/callback/email?callbackUrl=%2F&token=ab12&email=a%40b.com";
    const r = await renderEmail({ id: "sign_in", props: { url, appUrl: "http://localhost:3000" } });
    expect(/https?:\/\/\S+/.exec(r.text)?.[0]).toBe(url); // e2e/helpers.ts reads it this way
    expect(r.html).toContain(url.replaceAll("&", "&amp;"));
  });
});
