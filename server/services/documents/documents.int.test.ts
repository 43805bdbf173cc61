import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, like, not, sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { alerts, bookingItems, bookings, documents, outbox } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { localDocumentStorage, type DocumentStorage } from "@/server/documents/storage";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { renderDocument } from "@/server/documents/render";
import { itinerary } from "@/server/documents/views";
import { listDocumentsForViewer } from "./document-access";
import { loadBookingSnapshot } from "./load-booking-snapshot";
import { generateDocuments } from "./generate-documents";
import { serveDocument } from "./serve-document";
import { insertTestBooking, meetingPayload, payload, scriptNames, type TestBooking } from "@/tests/fixtures/documents";

const db = await createTestDb();
const storage = localDocumentStorage(await mkdtemp(path.join(tmpdir(), "documents-")));
let b: TestBooking;
let other: TestBooking;

async function pdfText(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text: text.normalize("NFKC") };
}
// Arabic letters drawn from one skeleton glyph (beh, teh, theh, noon, yeh in joined forms) share
// one code point in the text layer (README: limits), so they compare as one letter.
const sorted = (w: string) => [...w.replace(/[بتثني]/g, "ب")].sort().join("");
/**
 * A name is in the text when each of its words is. Right-to-left names come out word by word in
 * visual order, and Devanagari words in shaped glyph order (the i-matra before its consonant, the
 * reph after), so a word may also match as the same multiset of code points; control characters
 * that pdf.js makes of glyphs without a code point (Arabic dot marks, inside words) are dropped.
 */
function hasName(text: string, name: { firstName: string; lastName: string }) {
  // pdf.js may join two lines into one word ("शर्माadult"): split where the script turns ASCII.
  const words = new Set(
    text
      .replace(/[\u0000-\u0008\u000B-\u001F]/g, "")
      .replace(/([^\x00-\x7F])([A-Za-z])/g, "$1 $2")
      .split(/[\s()]+/)
      .map(sorted),
  );
  return [name.firstName, name.lastName].every((w) =>
    w.split(/\s+/).every((p) => text.includes(p) || words.has(sorted(p))),
  );
}
const ltr = ["latin", "greek", "cyrillic", "cjk"] as const;

async function rowsOf(bookingId: string) {
  return db.select().from(documents).where(eq(documents.bookingId, bookingId));
}
async function read(id: string) {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return pdfText((await storage.get(row.storageKey))!);
}

beforeAll(async () => {
  b = await insertTestBooking(db);
  other = await insertTestBooking(db, { travelers: [{ firstName: "Ola", lastName: "Nordmann", type: "adult" }] });
});

describe("generateDocuments", () => {
  it("stores every document of the booking's state, version 1, with one documents/generated event", async () => {
    const r = await generateDocuments(db, b.bookingId, { storage });
    // 8 travelers × 1 flight + 3 vouchers + itinerary + receipt
    expect(r.created).toHaveLength(13);
    const rows = await rowsOf(b.bookingId);
    expect(rows.map((d) => d.kind).sort()).toEqual([
      ...Array(8).fill("e_ticket"),
      "itinerary",
      "receipt",
      "voucher",
      "voucher",
      "voucher",
    ]);
    expect(rows.every((d) => d.version === 1 && d.sizeBytes > 1000 && d.contentHash.length === 64)).toBe(true);
    const events = await db.select().from(outbox).where(eq(outbox.name, "documents/generated"));
    expect(events.filter((e) => e.data.bookingId === b.bookingId)).toHaveLength(1);
    const [bk] = await db.select({ g: bookings.documentsGenerated }).from(bookings).where(eq(bookings.id, b.bookingId));
    expect(bk.g).toBe(true);
  });

  it("e-tickets: one page per traveler with their name in its own script, segments in local time with zone and offset, baggage and both references", async () => {
    const tickets = (await rowsOf(b.bookingId))
      .filter((d) => d.kind === "e_ticket")
      .sort((x, y) => x.travelerIndex! - y.travelerIndex!);
    const names = [...Object.values(scriptNames), payload];
    for (const [k, t] of tickets.entries()) {
      const { pages, text } = await read(t.id);
      expect(pages).toBe(1);
      expect(hasName(text, names[k]), `traveler ${k} in ${text}`).toBe(true);
      for (const other of names.filter((_, j) => j !== k && j < 7)) expect(hasName(text, other)).toBe(false);
      expect(text).toContain(b.reference);
      expect(text).toContain("QX7PNR");
      expect(text).toContain(`AIR-${b.reference.slice(4)}`);
      expect(text).toContain("DA101");
      expect(text).toContain("DA102");
      // Out on 20 March 2031 while London is on GMT; back on 31 March, after the UK's change to BST.
      expect(text).toContain("Thu, 20 Mar 2031, 11:05");
      expect(text).toContain("Local time, Europe/London (UTC+00:00)");
      expect(text).toContain("Local time, Asia/Tokyo (UTC+09:00)");
      expect(text).toContain("Local time, Europe/London (UTC+01:00)");
      expect(text).toContain("Cabin bag up to 8 kg · 2 checked bags");
    }
    const ascii = await read(tickets[0].id);
    expect(ascii.text).toContain("Lucía García");
    const cjk = await read(tickets[6].id);
    expect(cjk.text).toContain("小明 王");
  });

  it("vouchers: hotel, car and experience with local times and travelers; free text with HTML stays literal", async () => {
    const vouchers = await rowsOf(b.bookingId).then((r) => r.filter((d) => d.kind === "voucher"));
    const byItem = new Map(vouchers.map((v) => [v.bookingItemId, v.id]));
    const hotel = await read(byItem.get(b.items.hotel)!);
    expect(hotel.pages).toBe(1);
    expect(hotel.text).toContain("Hotel voucher");
    expect(hotel.text).toContain("Sakura Inn");
    expect(hotel.text).toContain("Fri, 21 Mar 2031, 15:00");
    expect(hotel.text).toContain("H-55120");
    for (const n of Object.values(scriptNames)) expect(hasName(hotel.text, n)).toBe(true);
    const car = await read(byItem.get(b.items.car)!);
    expect(car.text).toContain("Car rental voucher");
    expect(car.text).toContain("Toyota Corolla or similar");
    expect(car.text).toContain("Lucía García");
    expect(hasName(car.text, scriptNames.cjk)).toBe(false); // the car is the lead driver's only
    const tour = await read(byItem.get(b.items.experience)!);
    expect(tour.text).toContain("Experience voucher");
    expect(tour.text).toContain(meetingPayload);
    expect(tour.text).toContain(`${payload.firstName} ${payload.lastName}`);
  });

  it("itinerary: every item in time order with zones and offsets, every traveler in their script, payloads literal", async () => {
    const [row] = (await rowsOf(b.bookingId)).filter((d) => d.kind === "itinerary");
    const { pages, text } = await read(row.id);
    expect(pages).toBe(2);
    for (const k of Object.keys(scriptNames) as (keyof typeof scriptNames)[])
      expect(hasName(text, scriptNames[k]), k).toBe(true);
    for (const k of ltr) expect(text).toContain(`${scriptNames[k].firstName} ${scriptNames[k].lastName}`);
    expect(text).toContain(`<script>alert("x")</script> <b>Bold</b> & "Co"`);
    expect(text).toContain(meetingPayload);
    const order = [
      "flight: DA 101 LHR – HND and back",
      "car: Compact",
      "hotel: Sakura Inn, Tokyo",
      "experience: Food market tasting",
    ].map((s) => text.indexOf(s));
    expect(order.every((p) => p >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(text).toContain("(Asia/Tokyo, UTC+09:00)");
    expect(text).toContain("(Europe/London, UTC+00:00)");
    expect(text).toContain("(Europe/London, UTC+01:00)");
    expect(text).toContain("Page 1 of 2");
  });

  it("receipt: charges, payments, fees and refunds formatted from minor units", async () => {
    const [row] = (await rowsOf(b.bookingId)).filter((d) => d.kind === "receipt");
    const { pages, text } = await read(row.id);
    expect(pages).toBe(1);
    const total = 184_000 + 96_050 + 31_020 + 12_345;
    for (const minor of [184_000, 96_050, 31_020, 12_345, total, 4_000, 500, 2_500, total - 2_500])
      expect(text).toContain(formatMoney(minor, "EUR"));
    expect(text).toContain("Total charged €3,234.15"); // bold: see keepGlyphCodePoints in server/documents/fonts.ts
    expect(text).toContain("Net paid €3,209.15");
    expect(text).toContain("Change fee: date change");
    expect(text).toContain(`Refund RF-${b.reference.slice(4)}`);
    expect(text).toContain("Goodwill <i>gesture</i>");
  });

  it("stores nothing new when nothing changed, and a new version of exactly what a change touches", async () => {
    const again = await generateDocuments(db, b.bookingId, { storage });
    expect(again).toMatchObject({ created: [], unchanged: 13 });

    const [hotel] = await db.select().from(bookingItems).where(eq(bookingItems.id, b.items.hotel));
    await db
      .update(bookingItems)
      .set({ itemDetails: { ...hotel.itemDetails, roomType: "Junior Suite" } })
      .where(eq(bookingItems.id, b.items.hotel));
    const changed = await generateDocuments(db, b.bookingId, { storage });
    expect(changed.created.map((d) => `${d.kind}:${d.version}`).sort()).toEqual(["itinerary:2", "voucher:2"]);
    expect(changed.unchanged).toBe(11);
    const versions = (await rowsOf(b.bookingId)).filter((d) => d.bookingItemId === b.items.hotel);
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    // Both versions stay readable; the new one shows the change.
    const [v1, v2] = versions.sort((x, y) => x.version - y.version);
    expect((await read(v1.id)).text).toContain("Family Room");
    expect((await read(v2.id)).text).toContain("Junior Suite");

    // A cancelled item gets no new voucher; the itinerary and receipt show it cancelled.
    await db
      .update(bookingItems)
      .set({ status: "cancelled", isCancelled: true })
      .where(eq(bookingItems.id, b.items.car));
    const cancelled = await generateDocuments(db, b.bookingId, { storage });
    expect(cancelled.created.map((d) => `${d.kind}:${d.version}`).sort()).toEqual(["itinerary:3", "receipt:2"]);
    const list = await listDocumentsForViewer(db, { kind: "ops" }, b.bookingId);
    expect(list).toHaveLength(13);
    expect(list[0]).toMatchObject({ kind: "itinerary", version: 3 });
    expect(list.find((d) => d.itemId === b.items.car)).toMatchObject({
      kind: "voucher",
      version: 1,
      itemStatus: "cancelled",
    });
    const events = await db.select().from(outbox).where(eq(outbox.name, "documents/generated"));
    expect(events.filter((e) => e.data.bookingId === b.bookingId)).toHaveLength(3);
  });

  it("numbers versions once under concurrent runs", async () => {
    await db
      .update(bookingItems)
      .set({ providerConfirmationNumber: "QX7PNR-2" })
      .where(eq(bookingItems.id, b.items.flight));
    const runs = await Promise.all(Array.from({ length: 4 }, () => generateDocuments(db, b.bookingId, { storage })));
    expect(runs.flatMap((r) => r.created)).toHaveLength(8 + 1); // each e-ticket and the itinerary, once
    const tickets = (await rowsOf(b.bookingId)).filter((d) => d.kind === "e_ticket");
    expect(tickets.filter((d) => d.version === 2)).toHaveLength(8);
  });

  it("raises one medium alert per booking when generation fails, and rethrows for the job to retry", async () => {
    const broken: DocumentStorage = {
      ...storage,
      put: async () => {
        throw new Error("disk full");
      },
    };
    await generateDocuments(db, other.bookingId, { storage: broken }).catch(() => {});
    await expect(generateDocuments(db, other.bookingId, { storage: broken })).rejects.toThrow("disk full");
    const rows = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `documents_failed:${other.bookingId}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "medium", occurrences: 2, bookingId: other.bookingId, status: "open" });
    expect(await rowsOf(other.bookingId)).toHaveLength(0);
    // The retry succeeds once storage works again.
    const ok = await generateDocuments(db, other.bookingId, { storage });
    expect(ok.created).toHaveLength(6); // one traveler: 1 e-ticket, 3 vouchers, itinerary, receipt
  });
});

describe("fonts in the file", () => {
  it("embeds the script fonts a document uses, subset, and the CJK font only where CJK text is", async () => {
    const rows = await rowsOf(b.bookingId);
    const raw = async (kind: string) =>
      Buffer.from((await storage.get(rows.find((d) => d.kind === kind)!.storageKey))!).toString("latin1");
    const fonts = (pdf: string) =>
      new Set([...pdf.matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([A-Za-z-]+)/g)].map((m) => m[1]));
    const itin = await raw("itinerary");
    // Google's Noto Sans draws Devanagari itself (with its shaping tables), so it comes first in the stack.
    expect(fonts(itin), [...fonts(itin)].join()).toEqual(
      new Set([
        "NotoSans-Regular",
        "NotoSans-Bold",
        "NotoSansArabic-Regular",
        "NotoSansHebrew-Regular",
        "NotoSansSC-Regular",
      ]),
    );
    expect(itin.length).toBeLessThan(80_000); // subset: the SC font alone is 10 MB
    const receipt = await raw("receipt");
    expect(fonts(receipt)).toEqual(new Set(["NotoSans-Regular", "NotoSans-Bold"]));
  });
});

describe("Korean names", () => {
  it("render as Hangul text with the Korean font, which joins only documents that need it", async () => {
    const k = await insertTestBooking(db, {
      travelers: [
        { firstName: "민준", lastName: "김", type: "adult" },
        { firstName: "Lucía", lastName: "García", type: "adult" },
      ],
    });
    const bytes = await renderDocument(itinerary((await loadBookingSnapshot(db, k.bookingId))!));
    expect((await pdfText(bytes)).text).toContain("민준 김");
    const embedded = [
      ...Buffer.from(bytes)
        .toString("latin1")
        .matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([A-Za-z-]+)/g),
    ].map((m) => m[1]);
    expect(embedded).toContain("NotoSansKR-Regular");
    expect(embedded).not.toContain("NotoSansSC-Regular");
  });
});

describe("demo seed bookings", () => {
  it("renders every document of the showcase bookings (all categories, statuses, JPY/KWD amounts)", async () => {
    await seedDemo(db, { bookings: 20, now: new Date("2031-01-10T12:00:00Z") });
    const seeded = await db
      .select({
        id: bookings.id,
        ref: bookings.bookingReference,
        status: bookings.status,
        travelers: bookings.travelers,
      })
      .from(bookings)
      .where(and(not(like(bookings.bookingReference, "DOC-%")), not(inArray(bookings.status, ["pending"]))));
    expect(seeded.length).toBeGreaterThan(10);
    const kinds = new Set<string>();
    for (const s of seeded) {
      const r = await generateDocuments(db, s.id, { storage });
      expect(r.created.length).toBeGreaterThanOrEqual(2);
      for (const d of r.created) {
        kinds.add(d.kind);
        const { pages, text } = await read(d.id);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(text).toContain(s.ref);
        if (d.kind === "itinerary")
          expect(
            hasName(text, s.travelers[0]),
            `${s.ref}: ${s.travelers[0].firstName} ${s.travelers[0].lastName} in ${JSON.stringify(text.split("\n").find((l) => l.includes("(adult)")))}`,
          ).toBe(true);
      }
    }
    expect([...kinds].sort()).toEqual(["e_ticket", "itinerary", "receipt", "voucher"]);
  });
});

describe("support's generate documents (ops.documents.generate)", () => {
  it("asks for a confirmed booking's documents with one event; refuses a pending booking and an unknown one, naming why", async () => {
    const ops = callerAs(db, sessions.ops("founder@example.com")).ops.documents;
    const [live] = await db
      .select({ id: bookings.id })
      .from(bookings)
      .where(inArray(bookings.status, ["confirmed", "ticketed"]))
      .limit(1);
    const [pending] = await db
      .select({ id: bookings.id })
      .from(bookings)
      .where(eq(bookings.status, "pending"))
      .limit(1);
    const asked = () =>
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.name, "documents/requested"), sql`${outbox.data}->>'bookingId' = ${live.id}`));
    const before = (await asked()).length;
    expect(await ops.generate({ bookingId: live.id })).toEqual({ requested: 1 });
    const events = await asked();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)!.data).toMatchObject({ reason: "requested by founder@example.com" });
    await expect(ops.generate({ bookingId: pending.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A pending booking has no documents to issue",
    });
    await expect(ops.generate({ bookingId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerAs(db, sessions.traveler(crypto.randomUUID(), "x@example.com")).ops.documents.generate({
        bookingId: live.id,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("GET /api/documents/[id] (serveDocument)", () => {
  let id: string;
  beforeAll(async () => {
    [{ id }] = await db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.bookingId, b.bookingId), eq(documents.kind, "itinerary")))
      .limit(1);
  });
  const get = (session: Parameters<typeof serveDocument>[1], docId = id) => serveDocument(db, session, docId, storage);

  it("streams the PDF to the traveler who owns the booking, by account or by booking e-mail", async () => {
    const res = await get(sessions.traveler(b.userId, "someone-else@example.com"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="itinerary-DOC-[0-9A-F]+-v\d\.pdf"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(Number(res.headers.get("content-length"))).toBe(bytes.byteLength);
    const byEmail = await get(sessions.traveler("00000000-0000-4000-8000-00000000abcd", b.email.toUpperCase()));
    expect(byEmail.status).toBe(200);
  });

  it("serves the booking's guest and ops", async () => {
    expect((await get(sessions.guest(b.bookingId))).status).toBe(200);
    expect((await get(sessions.ops())).status).toBe(200);
  });

  it("answers 404, never 403, to anyone else and to bad ids", async () => {
    expect((await get(sessions.traveler(other.userId, other.email))).status).toBe(404);
    expect((await get(sessions.guest(other.bookingId))).status).toBe(404);
    expect((await get(null)).status).toBe(404);
    expect((await get(sessions.ops(), "not-a-uuid")).status).toBe(404);
    expect((await get(sessions.ops(), "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get(sessions.traveler(b.userId, b.email), "../../etc/passwd")).status).toBe(404);
  });

  it("lists documents only for the booking's owner", async () => {
    expect(await listDocumentsForViewer(db, { kind: "guest", bookingId: other.bookingId }, b.bookingId)).toEqual([]);
    expect(
      await listDocumentsForViewer(db, { kind: "traveler", userId: other.userId, email: other.email }, b.bookingId),
    ).toEqual([]);
    expect((await listDocumentsForViewer(db, { kind: "guest", bookingId: b.bookingId }, b.bookingId)).length).toBe(13);
  });
});
