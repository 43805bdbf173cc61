import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, bookings } from "@/db/schema";
import { demoFixtures } from "@/db/seed/fixtures";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { searchBookings } from "./search-bookings";

const db = await createTestDb();
beforeAll(async () => {
  await seedDemo(db, { bookings: 150 });
});

describe("searchBookings", () => {
  it("finds by reference (any case), last name and part of an e-mail", async () => {
    const byRef = await searchBookings(db, { q: demoFixtures.traveler.reference.toLowerCase() });
    expect(byRef.rows.map((r) => r.reference)).toEqual([demoFixtures.traveler.reference]);
    const byName = await searchBookings(db, { q: demoFixtures.traveler.lastName.toUpperCase() });
    expect(byName.rows.length).toBeGreaterThan(0);
    for (const r of byName.rows)
      expect(`${r.reference} ${r.leadLastName} ${r.contactEmail}`.toLowerCase()).toContain(
        demoFixtures.traveler.lastName.toLowerCase(),
      );
    const byEmail = await searchBookings(db, { q: demoFixtures.other.email.split("@")[0] });
    expect(byEmail.rows.map((r) => r.reference)).toContain(demoFixtures.other.reference);
  });

  it("lists what the dashboard's tiles count: bookings with an open cancellation, and with an open issue", async () => {
    const ids = async (open: "cancellation" | "issue") =>
      (await searchBookings(db, { open, pageSize: 100 })).rows.map((r) => r.id).sort();
    const expected = async (q: ReturnType<typeof sql>) =>
      ((await db.execute(q)) as unknown as { id: string }[]).map((r) => r.id).sort();
    const cancelling = await expected(sql`select distinct booking_id as id from cancellation_requests
      where status in ('pending', 'calculating', 'awaiting_confirmation', 'processing', 'partial')`);
    const issues = await expected(sql`select id from bookings where has_issue and not issue_resolved`);
    expect(cancelling.length).toBeGreaterThan(0);
    expect(issues.length).toBeGreaterThan(0);
    expect(await ids("cancellation")).toEqual(cancelling);
    expect(await ids("issue")).toEqual(issues);
  });

  it("treats % and _ in the search text literally", async () => {
    // Unescaped, "com%" would match every example.com address; as text, no booking holds it.
    expect((await searchBookings(db, { q: "com" })).total).toBeGreaterThan(0);
    expect((await searchBookings(db, { q: "com%" })).total).toBe(0);
    expect((await searchBookings(db, { q: "com_" })).total).toBe(0);
  });

  it("filters by status, category and provider, newest first, and pages", async () => {
    const r = await searchBookings(db, { status: ["cancelled", "refunded"], pageSize: 10 });
    expect(r.rows.every((x) => x.status === "cancelled" || x.status === "refunded")).toBe(true);
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(bookings)
      .where(sql`status in ('cancelled', 'refunded')`);
    expect(r.total).toBe(n);
    const times = r.rows.map((x) => x.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const [item] = await db
      .select({ provider: bookingItems.providerCode, category: bookingItems.category })
      .from(bookingItems)
      .limit(1);
    const byProvider = await searchBookings(db, { provider: item.provider, category: item.category, pageSize: 100 });
    expect(byProvider.total).toBeGreaterThan(0);
    for (const row of byProvider.rows) {
      const items = await db.select().from(bookingItems).where(eq(bookingItems.bookingId, row.id));
      expect(items.some((i) => i.providerCode === item.provider && i.category === item.category)).toBe(true);
    }

    const p1 = await searchBookings(db, { pageSize: 10, page: 1 });
    const p2 = await searchBookings(db, { pageSize: 10, page: 2 });
    expect(p1.rows.map((r) => r.id)).not.toEqual(expect.arrayContaining(p2.rows.map((r) => r.id)));
    expect(p1.pageCount).toBe(Math.ceil(p1.total / 10));
  });
});
