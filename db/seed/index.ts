// Demo data: a deterministic, believable operation (docs/architecture.md, "Data"). The same seed, size and
// `now` give the same rows, ids included. Reference data goes in through Drizzle; bookings and
// everything hanging off them go in a batch at a time, one statement per table, so a million bookings
// load in minutes while the next batch is being generated.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers, users } from "@/db/schema";
import { seedSandboxFromItems } from "@/server/providers/sandbox/seed";
import { generateBooking } from "./booking";
import { showcaseSize } from "./scenarios";
import { providerCatalog } from "./catalog";
import { seedLocalGatewayFromPayments } from "./gateway";
import { emptyBatch, insertBatch } from "./load";
import { demoFixtures } from "./fixtures";
import { Rng } from "./random";

export type SeedOptions = {
  bookings?: number;
  seed?: number;
  /** The moment the story ends; defaults to the current minute. */
  now?: Date;
  log?: (line: string) => void;
  batchSize?: number;
};

export const defaultDemoBookings = 400;

export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from bookings limit 1) b`);
  return rows[0].n === 0;
}

export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<{ bookings: number; ms: number }> {
  const t0 = performance.now();
  const count = options.bookings ?? defaultDemoBookings;
  const seed = options.seed ?? 1;
  const now = Math.floor((options.now?.getTime() ?? Date.now()) / 60_000) * 60_000;
  const batchSize = options.batchSize ?? 5_000;
  const log = options.log ?? (() => {});
  if (!Number.isSafeInteger(count) || count < showcaseSize)
    throw new RangeError(`seedDemo needs at least ${showcaseSize} bookings (its fixed showcase)`);

  await db
    .insert(providers)
    .values(
      providerCatalog.map((p) => ({
        code: p.code,
        name: p.name,
        category: p.category,
        adapter: "sandbox",
        rateLimitPerSecond: p.rateLimitPerSecond,
        webhookSecret: `whsec_${createHash("sha256").update(`${seed}:${p.code}`).digest("hex").slice(0, 32)}`,
        createdAt: new Date(now - 500 * 86_400_000),
      })),
    )
    .onConflictDoNothing();
  await db
    .insert(users)
    .values({
      id: new Rng(seed, 0xad317).uuid(),
      email: demoFixtures.admin.email,
      name: "Founder",
      role: "ops",
      emailVerified: new Date(now),
      createdAt: new Date(now - 500 * 86_400_000),
    })
    .onConflictDoUpdate({ target: users.email, set: { role: "ops" } });

  const ctx = { seed, now };
  let pending: Promise<void> = Promise.resolve();
  let nextReport = 100_000;
  for (let from = 0; from < count; from += batchSize) {
    const batch = emptyBatch();
    for (let i = from; i < Math.min(count, from + batchSize); i++) generateBooking(ctx, i, batch);
    // Load batch n while batch n+1 is generated: the insert runs in PostgreSQL, generation here.
    await pending;
    pending = db.$sql.begin((tx) => insertBatch(tx, batch)).then(() => {});
    const done = Math.min(count, from + batchSize);
    if (done >= nextReport) {
      log(`${done.toLocaleString("en-US")} bookings generated (${Math.round(performance.now() - t0)} ms)`);
      nextReport += 100_000;
    }
  }
  await pending;
  // Cancellation requests and refunds point at each other: link the request to its refund last.
  await db.execute(
    sql`update cancellation_requests c set refund_id = r.id from refunds r where r.cancellation_request_id = c.id and c.refund_id is null`,
  );
  // The providers' side of every booking (server/providers/sandbox), seeded together with ours.
  await seedSandboxFromItems(db);
  // The payment gateway's side of every payment, refund and dispute (the money check reads both).
  await seedLocalGatewayFromPayments(db);
  await db.execute(sql`analyze`);
  return { bookings: count, ms: Math.round(performance.now() - t0) };
}
