import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { bookingItems, bookings, bookingStatusHistory, importRuns, paymentTransactions, refunds } from "@/db/schema";
import { intakeRequests } from "@/db/schema/intake";
import { IMPORT_CLIENT_ID } from "@/server/services/api-clients/import-client";
import { createTestDb } from "@/tests/db";
import { intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";
import { importNdjson, type ImportOptions } from "./import-bookings";
import { importErrorsNdjson } from "./import-runs";

// Importing existing bookings from NDJSON on the real PostgreSQL (docs/architecture.md, "Imports"):
// exactly the good rows stored once, exactly the bad lines in the error file, whether the run goes
// through, is killed inside a batch and resumed, or is run again.

const db = await createTestDb();
provideDb(db);

beforeAll(async () => {
  await seedIntakeProviders(db);
  // A real database failure on demand (a crash, not a refused row): inserting the booking whose
  // checkout session id is in test_boom_keys raises.
  await db.$sql.unsafe(`
    create table test_boom_keys (key text primary key);
    create function test_boom_booking() returns trigger language plpgsql as $$
    begin if exists (select 1 from test_boom_keys where key = new.checkout_session_id) then raise exception 'boom'; end if; return new; end $$;
    create trigger test_boom before insert on bookings for each row execute function test_boom_booking();`);
});

const refundedAt = "2027-04-01T10:00:00Z";

/** A good line: confirmed, or refunded / partially cancelled / completed with its money history. */
function goodLine(tag: string, n: number) {
  const b = intakeBody(tag);
  const items = (s: [string, string]) => b.items.map((item, i) => ({ ...item, status: s[i] }));
  const key = n % 5 === 1 ? { checkoutSessionId: undefined, platformBookingId: `PB-${tag}` } : {};
  switch (n % 4) {
    case 1:
      return {
        ...b,
        ...key,
        status: "refunded",
        items: items(["cancelled", "cancelled"]),
        refunds: [
          { amountMinor: 98_000, currency: "EUR", refundedAt, itemIndex: 0 },
          { amountMinor: 56_000, currency: "EUR", refundedAt, itemIndex: 1 },
        ],
      };
    case 2:
      return {
        ...b,
        ...key,
        status: "partially_cancelled",
        items: items(["ticketed", "provider_cancelled"]),
        refunds: [{ amountMinor: 56_000, currency: "EUR", refundedAt, itemIndex: 1 }],
      };
    case 3:
      return { ...b, ...key, status: "completed", items: items(["completed", "completed"]) };
    default:
      return { ...b, ...key, status: "confirmed", items: items(["ticketed", "confirmed"]) };
  }
}

/** The four bad kinds: a currency the product does not hold, an impossible date, a status its items contradict, refunds above what was paid. */
function badLine(tag: string, kind: number) {
  const l = goodLine(tag, 0);
  switch (kind % 4) {
    case 0:
      return { ...l, currency: "XXX" };
    case 1:
      return {
        ...l,
        items: [l.items[0], { ...l.items[1], checkIn: { local: "2027-02-30T15:00", zone: "America/New_York" } }],
      };
    case 2:
      return { ...l, items: [l.items[0], { ...l.items[1], status: "cancelled" }] };
    default:
      return { ...l, refunds: [{ amountMinor: 154_001, currency: "EUR", refundedAt }] };
  }
}

/** `size` lines, 1% bad (one in a hundred, at a random place in each hundred). */
function makeFile(size: number) {
  const prefix = randomBytes(4).toString("hex");
  const lines: string[] = [];
  const bad = new Set<number>();
  for (let start = 1; start <= size; start += 100)
    bad.add(start + Math.floor(Math.random() * Math.min(100, size - start + 1)));
  for (let n = 1; n <= size; n++) {
    const tag = `${prefix}x${n}`;
    lines.push(JSON.stringify(bad.has(n) ? badLine(tag, n) : goodLine(tag, n)));
  }
  return { prefix, lines, bad, good: size - bad.size };
}

const stream = (lines: readonly string[]) => Readable.from([lines.join("\n") + "\n"]);
const run = (lines: readonly string[], opts: Partial<ImportOptions> = {}) =>
  importNdjson(db, { stream: stream(lines), source: "cli", fileName: "bookings.ndjson", batchSize: 50, ...opts });

async function storedFor(prefix: string) {
  const [r] = await db.execute<{ records: number; bookings: number; keys: number; refunds: number }>(sql`
    select count(*)::int as records,
           count(distinct r.booking_id)::int as bookings,
           count(distinct r.session_id)::int as keys,
           (select count(*)::int from refunds f join intake_requests q on q.booking_id = f.booking_id
              where q.client_id = ${IMPORT_CLIENT_ID} and q.session_id like ${`%${prefix}%`}) as refunds
    from intake_requests r join bookings b on b.id = r.booking_id
    where r.client_id = ${IMPORT_CLIENT_ID} and r.outcome = 'created' and r.session_id like ${`%${prefix}%`}`);
  const [all] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from bookings where contact_email like ${`%${prefix}%`}`,
  );
  return { ...r, allBookings: all.n };
}

async function errorLines(runId: string) {
  const out: { line: number; key: string | null; message: string }[] = [];
  for await (const l of importErrorsNdjson(db, runId, 7)) out.push(JSON.parse(l));
  return out;
}

const refundsPer = (size: number, bad: Set<number>) =>
  Array.from({ length: size }, (_, i) => i + 1)
    .filter((n) => !bad.has(n))
    .reduce((s, n) => s + (n % 4 === 1 ? 2 : n % 4 === 2 ? 1 : 0), 0);

describe("importNdjson", () => {
  it("stores exactly the good rows once and puts exactly the bad lines in the error file", async () => {
    const f = makeFile(300);
    const progress: number[] = [];
    const p = await run(f.lines, { linesTotal: 300, onProgress: (x) => void progress.push(x.linesDone) });
    expect(p).toMatchObject({ linesTotal: 300, linesDone: 300, created: f.good, duplicates: 0, errors: f.bad.size });
    expect(progress).toEqual([50, 100, 150, 200, 250, 300, 300]);
    expect(await storedFor(f.prefix)).toEqual({
      records: f.good,
      bookings: f.good,
      keys: f.good,
      allBookings: f.good,
      refunds: refundsPer(300, f.bad),
    });
    const errors = await errorLines(p.runId);
    expect(errors.map((e) => e.line)).toEqual([...f.bad].sort((a, b) => a - b));
    for (const e of errors) expect(e.key).toContain(f.prefix);
    const [r] = await db.select().from(importRuns).where(eq(importRuns.id, p.runId));
    expect(r).toMatchObject({ status: "done", clientId: IMPORT_CLIENT_ID });

    // The whole file again: every good row is a duplicate, nothing new is stored.
    const again = await run(f.lines);
    expect(again).toMatchObject({ linesDone: 300, created: 0, duplicates: f.good, errors: f.bad.size });
    expect((await storedFor(f.prefix)).allBookings).toBe(f.good);
  });

  it("killed at a random row inside a batch, twice, and resumed: the same end state, nothing twice", async () => {
    const f = makeFile(300);
    const kill1 = 1 + Math.floor(Math.random() * 140); // a crash after the batch's rows are written, before its commit
    const kill2 = 151 + Math.floor(Math.random() * 149); // the database failing on one booking of a later batch
    const first = run(f.lines, {
      beforeCommit: ({ firstLine, lastLine }) => {
        if (firstLine <= kill1 && kill1 <= lastLine) throw new Error("killed");
      },
    });
    await expect(first).rejects.toThrow("killed");
    const [dead] = await db
      .select()
      .from(importRuns)
      .where(eq(importRuns.fileName, "bookings.ndjson"))
      .orderBy(sql`started_at desc`)
      .limit(1);
    expect(dead.status).toBe("failed");
    expect(dead.linesDone).toBe(Math.floor((kill1 - 1) / 50) * 50);
    const stored1 = await storedFor(f.prefix);
    expect(stored1.allBookings).toBe(dead.created);

    const boomKey = JSON.parse(f.lines[kill2 - 1]).checkoutSessionId ?? null;
    const boomLine = boomKey ? kill2 : kill2 + 1; // a platform-keyed row has no session id: take the next line
    const key = boomKey ?? JSON.parse(f.lines[boomLine - 1]).checkoutSessionId;
    await db.execute(sql`insert into test_boom_keys values (${key})`);
    const skipped = f.bad.has(boomLine); // a bad line never reaches the database
    if (!skipped) await expect(run(f.lines, { runId: dead.id })).rejects.toThrow();
    await db.execute(sql`delete from test_boom_keys`);
    const [mid] = await db.select().from(importRuns).where(eq(importRuns.id, dead.id));
    if (!skipped) expect(mid.linesDone).toBe(Math.floor((boomLine - 1) / 50) * 50);

    const p = await run(f.lines, { runId: dead.id });
    expect(p).toMatchObject({ runId: dead.id, linesDone: 300, created: f.good, duplicates: 0, errors: f.bad.size });
    expect(await storedFor(f.prefix)).toEqual({
      records: f.good,
      bookings: f.good,
      keys: f.good,
      allBookings: f.good,
      refunds: refundsPer(300, f.bad),
    });
    expect((await errorLines(dead.id)).map((e) => e.line)).toEqual([...f.bad].sort((a, b) => a - b));
  });

  it("brings a refunded booking with its refunds: refunded amount = paid, history reason imported", async () => {
    const tag = randomBytes(5).toString("hex");
    const line = goodLine(tag, 1);
    const p = await run([JSON.stringify(line)]);
    expect(p).toMatchObject({ created: 1, errors: 0 });
    const [rec] = await db
      .select()
      .from(intakeRequests)
      .where(eq(intakeRequests.sessionId, `platform:PB-${tag}`));
    const [b] = await db.select().from(bookings).where(eq(bookings.id, rec.bookingId!));
    expect(b).toMatchObject({
      status: "refunded",
      paidMinor: 154_000,
      refundedMinor: 154_000,
      checkoutSessionId: null,
    });
    const [pay] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.bookingId, b.id));
    expect(pay.refundedMinor).toBe(154_000);
    const rs = await db.select().from(refunds).where(eq(refunds.bookingId, b.id));
    expect(rs.map((r) => [r.amountMinor, r.status, r.reason])).toEqual(
      expect.arrayContaining([
        [98_000, "succeeded", "imported"],
        [56_000, "succeeded", "imported"],
      ]),
    );
    const items = await db.select().from(bookingItems).where(eq(bookingItems.bookingId, b.id));
    expect(items.map((i) => [i.status, i.refundMinor, i.isCancelled]).sort()).toEqual([
      ["cancelled", 56_000, true],
      ["cancelled", 98_000, true],
    ]);
    const history = await db.select().from(bookingStatusHistory).where(eq(bookingStatusHistory.bookingId, b.id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ toStatus: "refunded", changeReason: "imported" });
  });

  it("refuses a disputed booking, a pending one, a row without a key and a key reused for another row, each with the reason", async () => {
    const tag = randomBytes(5).toString("hex");
    const same = goodLine(`${tag}s`, 0);
    const lines = [
      { ...goodLine(`${tag}d`, 0), status: "disputed" },
      { ...goodLine(`${tag}p`, 0), status: "pending" },
      { ...goodLine(`${tag}k`, 0), checkoutSessionId: undefined },
      same,
      same, // the same row twice: a duplicate
      { ...same, contact: { ...same.contact, name: "Someone Else" } }, // the same key, another row
      "{ not json",
      "",
    ].map((l) => (typeof l === "string" ? l : JSON.stringify(l)));
    const p = await run(lines);
    expect(p).toMatchObject({ linesDone: 8, created: 1, duplicates: 1, errors: 5 });
    const errors = await errorLines(p.runId);
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 6, 7]);
    expect(errors[0].message).toMatch(/^status: a disputed booking cannot be imported/);
    expect(errors[1].message).toMatch(/^status: a pending booking/);
    expect(errors[2]).toMatchObject({
      key: null,
      message: expect.stringContaining("checkoutSessionId: every imported row needs a key"),
    });
    expect(errors[3].message).toContain("already imported from a different row");
    expect(errors[4]).toMatchObject({ key: null, message: expect.stringContaining("not JSON") });
  });

  it("names the field of a row PostgreSQL refuses in a batch, and stores the rest of the batch", async () => {
    const tag = randomBytes(5).toString("hex");
    const a = goodLine(`${tag}a`, 0);
    const b = goodLine(`${tag}b`, 0);
    const taken = { ...goodLine(`${tag}c`, 0) };
    taken.items = [{ ...taken.items[0], providerReference: a.items[0].providerReference }, taken.items[1]];
    const p = await run([a, taken, b].map((l) => JSON.stringify(l)));
    expect(p).toMatchObject({ created: 2, errors: 1 });
    const [e] = await errorLines(p.runId);
    expect(e).toMatchObject({ line: 2, message: expect.stringMatching(/^items\.0\.providerReference: /) });
  });

  it.skipIf(!process.env.IMPORT_LARGE)(
    "10,000 rows, 1% bad, killed inside a batch and resumed",
    async () => {
      const f = makeFile(10_000);
      const kill = 1 + Math.floor(Math.random() * 10_000);
      await expect(
        run(f.lines, {
          batchSize: 200,
          beforeCommit: ({ firstLine, lastLine }) => {
            if (firstLine <= kill && kill <= lastLine) throw new Error("killed");
          },
        }),
      ).rejects.toThrow("killed");
      const [dead] = await db
        .select()
        .from(importRuns)
        .where(eq(importRuns.status, "failed"))
        .orderBy(sql`started_at desc`)
        .limit(1);
      const p = await run(f.lines, { runId: dead.id, batchSize: 200 });
      expect(p).toMatchObject({ linesDone: 10_000, created: f.good, duplicates: 0, errors: f.bad.size });
      expect((await storedFor(f.prefix)).allBookings).toBe(f.good);
      expect((await errorLines(dead.id)).map((e) => e.line)).toEqual([...f.bad].sort((a, b) => a - b));
    },
    600_000,
  );
});
