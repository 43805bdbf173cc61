import { afterAll, describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { demoFixtures } from "@/db/seed/fixtures";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { describeInput, edgeInputs, fuzzRuns, fuzzSeed, hashSeed, inGroups, malformedInputs, unreadable } from "./fuzz";
import { allProcedures, callPath, outcome } from "./procedures";

// Every procedure with a zod input (found in the app router at run time, so one added later is
// covered) gets FUZZ_RUNS (default 200) malformed inputs built from its schema, then each field given
// out-of-range dates, days not on the calendar and oversized strings, arrays and objects. Each is
// sent with a session of the role it needs (so it passes auth and reaches validation), on a
// database of its own: each answer is a 4xx with a readable message, or a success; never a 5xx.
// Valid-looking parts point at real seeded rows so inputs that get past zod reach the services.

const db = await createTestDb();
provideDb(db);
await seedDemo(db, { bookings: 20 });

const one = async (q: string, ...args: unknown[]) => (await db.$sql.unsafe<{ v: string }[]>(q, args as never[]))[0]?.v;
const mine = await db.$sql<{ id: string; email: string; user_id: string | null }[]>`
  select id, lower(contact_email) as email, user_id from bookings where booking_reference = ${demoFixtures.traveler.reference}`;
const me = {
  bookingId: mine[0].id,
  email: mine[0].email,
  userId:
    mine[0].user_id ?? (await one("select id as v from users where email = $1", mine[0].email)) ?? crypto.randomUUID(),
};
const ids = {
  item: await one("select id as v from booking_items where booking_id = $1 limit 1", me.bookingId),
  cancellation: await one("select id as v from cancellation_requests limit 1"),
  modification: await one("select id as v from booking_modifications limit 1"),
  refund: await one("select id as v from refunds limit 1"),
  dispute: await one("select id as v from disputes limit 1"),
  alert: await one("select id as v from alerts limit 1"),
  followUp: await one("select id as v from manual_follow_ups limit 1"),
  provider: await one("select code as v from providers limit 1"),
};
let turn = 0; // alternate real and made-up ids (a made-up uuid behaves the same whatever its value)
const orRandom = (v: string | undefined) => () => (turn++ % 2 === 0 && v ? v : crypto.randomUUID());
const hints: Record<string, () => unknown> = {
  reference: () => demoFixtures.traveler.reference,
  bookingId: () => me.bookingId,
  itemId: orRandom(ids.item),
  cancellationId: orRandom(ids.cancellation),
  modificationId: orRandom(ids.modification),
  refundId: orRandom(ids.refund),
  disputeId: orRandom(ids.dispute),
  alertId: orRandom(ids.alert),
  followUpId: orRandom(ids.followUp),
  providerCode: () => ids.provider,
};

const targets = allProcedures().filter((p) => p.schema !== null);
const counts = { procedures: 0, inputs: 0 };

describe(`procedure fuzz (seed ${fuzzSeed})`, () => {
  it("finds the procedures with an input", () => {
    expect(targets.length).toBeGreaterThan(40);
  });

  it.each(targets.map((t) => [t.path, t] as const))(
    "%s: malformed inputs answer 4xx or succeed, never 5xx",
    async (path, t) => {
      const session = path.startsWith("ops.") ? sessions.ops() : sessions.traveler(me.userId, me.email);
      const caller = callerAs(db, session);
      const edges = edgeInputs(t.schema!, hashSeed(path) + 1, hints);
      const inputs = [...malformedInputs(t.schema!, fuzzRuns, hashSeed(path), hints), ...edges];
      const failures: string[] = [];
      let refused = 0;
      await inGroups(inputs, 25, async (input, i) => {
        const r = await outcome(callPath(caller, path, input));
        if (!r.ok && r.status < 500) refused++;
        if (!r.ok && r.status >= 500)
          failures.push(
            `#${i} ${r.code} ${r.message.slice(0, 120)} ${r.cause?.slice(0, 160) ?? ""} ← ${describeInput(input)}`,
          );
        // Refusals of bad input (sent to the client as they are) never echo internals.
        if (!r.ok && r.status < 500 && /select |insert |update |postgres|at .*\.ts:/i.test(r.message))
          failures.push(`#${i} leaks internals: ${r.message.slice(0, 200)}`);
        // …and are a sentence a person can read, naming the field (issue 20).
        const why = r.ok || r.status >= 500 ? null : unreadable(r.message);
        if (why && !r.ok) failures.push(`#${i} ${why}: ${r.message.slice(0, 120)} ← ${describeInput(input)}`);
      });
      counts.procedures++;
      counts.inputs += inputs.length;
      expect(inputs.length).toBeGreaterThanOrEqual(fuzzRuns + edges.length);
      expect(refused).toBeGreaterThan(inputs.length / 2); // the inputs really are malformed
      expect(failures).toEqual([]);
    },
  );

  afterAll(() => console.info(`procedure fuzz: ${counts.procedures} procedures, ${counts.inputs} inputs`));
});
