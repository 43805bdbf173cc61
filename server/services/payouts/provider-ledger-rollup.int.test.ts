import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { compactRollups } from "@/server/services/metrics/compact-rollups";
import { createTestDb } from "@/tests/db";
import { seedPayoutProvider } from "@/tests/fixtures/payouts";
import { ledgerEntries } from "./ledger";
import { providerBalances } from "./read-payouts";

// The balance rollup (migration 0045) against a full recount through `ledgerEntries`, the one
// definition of the entries: after every kind of write the triggers must see, in a seeded random
// order, with compactions in between.
const db = await createTestDb();
const providers = ["roll-a", "roll-b", "roll-c"];
const currencies = ["EUR", "USD", "GBP"];

const recount = async (p: string) => {
  const rows = await db.execute<{ currency: string | null; owed: string; n: number }>(sql`
    select currency, coalesce(sum(amount_minor), 0)::text as owed, count(*)::int as n
    from (${ledgerEntries(p, undefined, false)}) e group by currency order by 1`);
  return rows.map((r) => ({ currency: r.currency, owedMinor: Number(r.owed), entries: r.n }));
};
const balances = async (p: string) =>
  (await providerBalances(db, p)).map(({ currency, owedMinor, entries }) => ({ currency, owedMinor, entries }));
const expectAgree = async (step: string) => {
  for (const p of providers) expect({ step, p, b: await balances(p) }).toEqual({ step, p, b: await recount(p) });
};
const deltaCount = async () =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from provider_ledger_delta`))[0].n;

/** mulberry32: the same series on every run (ids are picked in insertion order); the seed is in the test name. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

let refs = 0;
async function newBooking(items: { provider: string; booked: boolean; price: number; currency: string }[]) {
  const [b] = await db.execute<{ id: string }>(sql`
    insert into bookings (booking_reference, booking_type, total_minor, currency, travelers, contact_info, contact_email, lead_last_name)
    values (${`RL${String(++refs).padStart(7, "0")}`}, 'single', 100, 'EUR', '[]'::jsonb, '{"email":"r@example.test","name":"R"}'::jsonb, 'r@example.test', 'R')
    returning id`);
  const values = items.map(
    (i) =>
      sql`(${b.id}, 'flight', ${i.provider}, ${i.booked ? `PR-${++refs}` : null}, '{}'::jsonb, ${i.price}, ${i.currency}, ${++refs})`,
  );
  await db.execute(sql`insert into booking_items (booking_id, category, provider_code, provider_booking_id, item_details, price_minor, price_currency, charge_share_minor)
    values ${sql.join(values, sql`, `)}`);
  return b.id;
}

beforeAll(async () => {
  for (const p of providers) await seedPayoutProvider(db, p);
});

describe("provider ledger rollup", () => {
  it.each([2311, 7, 90210])(
    "seed %i: equals a recount through ledgerEntries after 160 random writes and compactions",
    async (seed) => {
      const rnd = prng(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
      const itemIds = async () =>
        (
          await db.execute<{ id: string; booking_id: string }>(
            sql`select id, booking_id from booking_items order by charge_share_minor`,
          )
        ).map((r) => r);
      const requestIds = async () =>
        (await db.execute<{ id: string }>(sql`select id from cancellation_requests order by request_notes::int`)).map(
          (r) => r.id,
        );
      const element = (itemId: string) => {
        const e: Record<string, unknown> = {
          provider: rnd() < 0.9 ? pick(providers) : null,
          itemId,
          status: rnd() < 0.7 ? "cancelled" : pick(["failed", "pending"]),
        };
        if (rnd() < 0.85) e.providerRefundMinor = rnd() < 0.95 ? Math.floor(rnd() * 20000) : null;
        if (rnd() < 0.95) e.providerCurrency = pick(currencies);
        return e;
      };
      const ops: Record<string, () => Promise<unknown>> = {
        book: () =>
          newBooking(
            Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
              provider: pick(providers),
              booked: rnd() < 0.8,
              price: Math.floor(rnd() * 50000),
              currency: pick(currencies),
            })),
          ),
        reprice: async () => {
          const ids = (await itemIds()).filter(() => rnd() < 0.3).map((i) => i.id);
          if (ids.length)
            await db.execute(sql`update booking_items set price_minor = price_minor + ${Math.floor(rnd() * 900)}
            where id in ${sql`(${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`}`);
        },
        recurrency: async () => {
          const i = pick(await itemIds());
          if (i)
            await db.execute(sql`update booking_items set price_currency = ${pick(currencies)} where id = ${i.id}`);
        },
        reprovider: async () => {
          const i = pick(await itemIds());
          if (i) await db.execute(sql`update booking_items set provider_code = ${pick(providers)} where id = ${i.id}`);
        },
        toggleBooked: async () => {
          const ids = (await itemIds()).filter(() => rnd() < 0.2).map((i) => i.id);
          for (const id of ids)
            await db.execute(sql`update booking_items set provider_booking_id = case when provider_booking_id is null
            then ${`PR-${++refs}`} else null end where id = ${id}`);
        },
        untouched: () => db.execute(sql`update booking_items set item_details = '{"synced":true}'::jsonb`),
        deleteItem: async () => {
          const i = pick(await itemIds());
          if (i) await db.execute(sql`delete from booking_items where id = ${i.id}`);
        },
        deleteBooking: async () => {
          const i = pick(await itemIds());
          if (i) await db.execute(sql`delete from bookings where id = ${i.booking_id}`);
        },
        cancel: async () => {
          const items = await itemIds();
          const own = pick(items);
          if (!own) return;
          // Mostly the booking's own items; sometimes another booking's (the ledger joins by item only).
          const named = items.filter((i) => i.booking_id === own.booking_id || rnd() < 0.05);
          const pcs = named.map((i) => element(i.id));
          await db.execute(sql`insert into cancellation_requests (booking_id, requested_by, cancellation_type, status, provider_cancellations, request_notes)
          values (${own.booking_id}, 'traveler', 'full', 'completed', ${JSON.stringify(pcs)}::jsonb, ${String(++refs)})`);
        },
        rewriteCancellations: async () => {
          const id = pick(await requestIds());
          if (!id) return;
          const [{ pcs }] = await db.execute<{ pcs: { itemId: string }[] }>(
            sql`select provider_cancellations as pcs from cancellation_requests where id = ${id}`,
          );
          const next = pcs.map((e) => (rnd() < 0.5 ? element(e.itemId) : e)).filter(() => rnd() < 0.9);
          await db.execute(
            sql`update cancellation_requests set provider_cancellations = ${JSON.stringify(next)}::jsonb where id = ${id}`,
          );
        },
        requestStatusOnly: () => db.execute(sql`update cancellation_requests set refund_status = 'noted'`),
        deleteRequest: async () => {
          const id = pick(await requestIds());
          if (id) await db.execute(sql`delete from cancellation_requests where id = ${id}`);
        },
        compact: () => compactRollups(db),
      };
      const weights: [string, number][] = [
        ["book", 6],
        ["reprice", 2],
        ["recurrency", 2],
        ["reprovider", 2],
        ["toggleBooked", 2],
        ["untouched", 1],
        ["deleteItem", 1],
        ["deleteBooking", 1],
        ["cancel", 4],
        ["rewriteCancellations", 3],
        ["requestStatusOnly", 1],
        ["deleteRequest", 1],
        ["compact", 1],
      ];
      const bag = weights.flatMap(([name, w]) => Array<string>(w).fill(name));
      const done = new Set<string>();
      for (let step = 0; step < 160; step++) {
        const name = pick(bag);
        await ops[name]();
        done.add(name);
        if (step % 20 === 19) await expectAgree(`${step}:${name}`);
      }
      await expectAgree("end");
      expect(await compactRollups(db)).toEqual({ compacted: true });
      expect(await deltaCount()).toBe(0);
      await expectAgree("compacted");
      // The series exercised every kind of write, and the balances are not all empty.
      expect([...done].sort()).toEqual(weights.map(([n]) => n).sort());
      expect((await Promise.all(providers.map(balances))).flat().length).toBeGreaterThan(3);
    },
  );

  it("writes no delta for a statement that changes no counted column", async () => {
    const before = await deltaCount();
    await db.execute(sql`update booking_items set item_details = '{"again":true}'::jsonb, price_minor = price_minor`);
    await db.execute(
      sql`update cancellation_requests set refund_status = 'again', provider_cancellations = provider_cancellations`,
    );
    expect(await deltaCount()).toBe(before);
  });

  it("the migration's backfill gives the same totals as the recount", async () => {
    const chunks = readFileSync("db/migrations/0045_provider_ledger_rollup_triggers.sql", "utf8").split(
      "--> statement-breakpoint",
    );
    const backfill = chunks[chunks.length - 1];
    expect(backfill).toMatch(/INSERT INTO provider_ledger_total/);
    await db.execute(sql`truncate provider_ledger_total, provider_ledger_delta`);
    await db.execute(sql.raw(backfill));
    await expectAgree("backfill");
  });
});
