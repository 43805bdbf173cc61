import type { Session } from "next-auth";
import superjson from "superjson";
import { describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { provideDb } from "@/db/client";
import { auth } from "@/server/auth";
import { createTestDb } from "@/tests/db";
import { sessions } from "@/tests/sessions";
import { badDates, describeInput, fuzzRuns, hostile, inGroups, rng, unreadable } from "./fuzz";
import { allProcedures } from "./procedures";

// The tRPC HTTP endpoint itself (fetch adapter, superjson), which callers in the other files skip:
// malformed envelopes, broken JSON, superjson meta that names unknown types or reaches for
// __proto__, wrong methods and batches, bad dates, bodies over the limit. Signed in as ops (so every path gets past its role check):
// each answer is a 4xx, never a 5xx, and nothing is polluted.

// The session as the app reads it in a render (currentSession) comes from the mocked auth().
vi.mock("@/server/auth", () => {
  const auth = vi.fn(async () => null);
  return { auth, currentSession: () => auth() };
});
vi.mocked(auth as unknown as () => Promise<Session | null>).mockResolvedValue(sessions.ops());

const db = await createTestDb();
provideDb(db);
const procedures = allProcedures();
const url = (path: string, qs = "") => `http://app/api/trpc/${path}${qs}`;

// Over the 1 MB body limit: answered 413 before anything parses them (POST only: no server takes
// a URL this long).
const oversizedBodies = [
  JSON.stringify({ json: { x: "x".repeat(2 * 1024 * 1024) } }),
  JSON.stringify({ json: Array.from({ length: 1_000_000 }, () => 0) }),
  JSON.stringify({ json: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 0])) }),
];

/** The messages in a tRPC answer (one, or one per call of a batch). */
function messages(text: string): string[] {
  try {
    const body = JSON.parse(text) as unknown;
    return [body]
      .flat()
      .map((b) => (b as { error?: { json?: { message?: unknown } } })?.error?.json?.message)
      .filter((m): m is string => typeof m === "string");
  } catch {
    return [];
  }
}

function bodies(r: ReturnType<typeof rng>): string[] {
  const meta = (values: unknown) => JSON.stringify({ json: { id: "2026-01-01" }, meta: { values } });
  const fixed = [
    "",
    "{",
    "null",
    "[]",
    '"x"',
    '{"json":',
    '{"json":{}}garbage',
    "\u0000",
    '{"json":"\\u0000"}',
    meta({ id: ["Date"] }),
    meta({ id: ["custom", "Nope"] }),
    meta({ id: ["class", "Foo"] }),
    meta({ id: ["bigint"] }),
    meta({ id: ["regexp"] }),
    meta({ id: ["set"] }),
    meta({ id: ["map"] }),
    meta({ id: "Date" }),
    meta({ "__proto__.polluted": ["Date"] }),
    meta({ "constructor.prototype.polluted": ["Date"] }),
    meta({ "id.__proto__.polluted": ["Date"] }),
    meta([["Date"], { x: ["Date"] }]),
    meta(null),
    meta({ id: [["Date"], { a: 1 }] }),
    JSON.stringify({ json: { ["x".repeat(20_000)]: 1 } }),
    JSON.stringify({ json: hostile }, (_, x) => (typeof x === "bigint" ? `${x}` : x)),
    "[".repeat(5_000) + "]".repeat(5_000),
    JSON.stringify({ 0: { json: {} }, 1: null }),
    // The cases (the caller fuzz sends every bad date to every field).
    ...badDates.slice(0, 3).map((d) => JSON.stringify(superjson.serialize({ startDate: d, dueAt: d }))),
    JSON.stringify(superjson.serialize({ startDate: "2027-04-31", endDate: "2027-02-30", dueAt: new Date(8.64e15) })),
  ];
  const random = Array.from(
    { length: 8 },
    () => JSON.stringify({ json: r.pick(hostile) }, (_, x) => (typeof x === "bigint" ? `${x}` : x)) ?? "{}",
  );
  return [...fixed, ...random];
}

describe("POST/GET /api/trpc", () => {
  it(`answers malformed requests to every procedure with 4xx, never 5xx (≥ ${fuzzRuns} requests)`, async () => {
    const r = rng(11);
    const requests: { label: string; req: () => Request }[] = [];
    for (const p of procedures) {
      for (const body of bodies(r)) {
        // Mutations take POST, queries GET with ?input=; each also gets the other (405/400 expected).
        requests.push({
          label: `POST ${p.path} ${describeInput(body)}`,
          req: () =>
            new Request(url(p.path), { method: "POST", body, headers: { "content-type": "application/json" } }),
        });
        if (p.type === "query")
          requests.push({
            label: `GET ${p.path} ${describeInput(body)}`,
            req: () => new Request(url(p.path, `?input=${encodeURIComponent(body)}`)),
          });
      }
      for (const body of oversizedBodies)
        requests.push({
          label: `POST ${p.path} oversized ${describeInput(body)}`,
          req: () =>
            new Request(url(p.path), {
              method: "POST",
              body,
              // Declared, so each is refused before it is read (streamed bodies: trpc-input.int.test.ts).
              headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
            }),
        });
      requests.push({
        label: `batch ${p.path}`,
        req: () =>
          new Request(url(`${p.path},${p.path}`, "?batch=1"), {
            method: "POST",
            body: '{"0":{"json":null},"1":"x"}',
            headers: { "content-type": "application/json" },
          }),
      });
    }
    requests.push({
      label: "unknown procedure",
      req: () => new Request(url("ops.nope"), { method: "POST", body: "{}" }),
    });
    requests.push({
      label: "path traversal",
      req: () => new Request(url("..%2F..%2Fops.alerts.list"), { method: "POST", body: "{}" }),
    });

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    await inGroups(requests, 25, async ({ label, req }) => {
      const res = await (req().method === "GET" ? GET(req()) : POST(req())).catch(
        (e: Error) => new Response(`threw ${e.message}`, { status: 500 }),
      );
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push(`${res.status} ${text.slice(0, 160)} ← ${label}`);
      else if (/at .*\.ts:\d|postgres|select /i.test(text))
        failures.push(`internals in ${res.status}: ${text.slice(0, 160)} ← ${label}`);
      for (const m of res.status >= 400 ? messages(text) : []) {
        const why = unreadable(m);
        if (why) failures.push(`${why} in ${res.status}: ${m.slice(0, 120)} ← ${label}`);
      }
      if (label.includes(" oversized ") && res.status !== 413) failures.push(`${res.status}, not 413 ← ${label}`);
    });
    expect(requests.length).toBeGreaterThanOrEqual(fuzzRuns);
    expect(failures).toEqual([]);
    console.info(
      `tRPC HTTP fuzz: ${requests.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(statuses.get(400)).toBeGreaterThan(requests.length / 3); // they reached parsing and validation
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  }, 180_000); // thousands of requests on two shared cores
});
