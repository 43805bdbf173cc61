import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { refundDueBy } from "./refund-due-by";

// The US DOT clock read from the tender's funding on the payment row (issue 23): a credit card
// 7 business days, a debit card 20 calendar days, a row from before funding was kept as credit.
const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
await seedDemo(db, { bookings: 30 });

// A single (not package) booking with one domestic US flight on a US carrier, paid by card.
const [b] = await q<{ booking_id: string; item_id: string }>(sql`
  select i.booking_id, i.id as item_id from booking_items i
  join payment_transactions p on p.booking_id = i.booking_id and p.kind = 'charge' and p.status = 'succeeded' and p.method = 'card'
  where i.category = 'flight' order by i.id limit 1`);
await db.execute(sql`update bookings set booking_type = 'single' where id = ${b.booking_id}`);
await db.execute(
  sql`update booking_items set category = 'hotel' where booking_id = ${b.booking_id} and id <> ${b.item_id}`,
);
await db.execute(sql`update booking_items set provider_code = 'skyway-air',
  item_details = item_details || '{"segments":[{"from":"JFK","to":"MIA"}]}'::jsonb where id = ${b.item_id}`);
const setFunding = (funding: string | null) =>
  db.execute(
    sql`update payment_transactions set funding = ${funding} where booking_id = ${b.booking_id} and kind = 'charge'`,
  );
// Owed Monday 2 November 2026 in New York; Veterans Day (11 November) is not a business day.
const owedAt = new Date("2026-11-02T15:00:00Z");
const dueBy = () => db.transaction((tx) => refundDueBy(tx, b.booking_id, owedAt, "card"));

describe("refund due date from the payment's funding", () => {
  it("credit card: 7 business days; debit and prepaid: 20 calendar days; unknown or never recorded: credit", async () => {
    await setFunding("credit");
    expect(await dueBy()).toMatchObject({ rule: "us_dot", dueDate: "2026-11-12" });
    await setFunding("debit");
    const debit = await dueBy();
    expect(debit).toMatchObject({ rule: "us_dot", dueDate: "2026-11-22" });
    expect(debit?.dueBy.toISOString()).toBe("2026-11-23T05:00:00.000Z");
    await setFunding("prepaid");
    expect((await dueBy())?.dueDate).toBe("2026-11-22");
    await setFunding("unknown");
    expect((await dueBy())?.dueDate).toBe("2026-11-12");
    await setFunding(null);
    expect((await dueBy())?.dueDate).toBe("2026-11-12");
  });

  it("a caller holding the payment row passes its funding directly", async () => {
    const at = (funding: "credit" | "debit") =>
      db.transaction((tx) => refundDueBy(tx, b.booking_id, owedAt, { method: "card", funding }));
    expect((await at("debit"))?.dueDate).toBe("2026-11-22");
    expect((await at("credit"))?.dueDate).toBe("2026-11-12");
  });
});
