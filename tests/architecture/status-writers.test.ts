import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// One writer per rule (docs/architecture.md, "Lifecycle"): bookings.status and booking_items.status
// are written only by server/services/lifecycle. This scans the code that could write them (raw SQL
// and Drizzle builders) and fails on any writer elsewhere.
const root = path.resolve(import.meta.dirname, "../..");
const scanned = ["server", "inngest", "db/seed", "tests/simulation"];
const lifecycle = path.join("server", "services", "lifecycle") + path.sep;

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) yield* sources(rel);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield rel;
  }
}

/** Statements that write a booking's or an item's status: updates that set it, inserts that give it. */
const writers: [string, RegExp][] = [
  [
    "SQL update",
    /update\s+(bookings|booking_items)\b[^;`]*?\bset\b(?:(?!\b(?:where|from|returning)\b)[^;`])*?[\s,(]status\s*=/gis,
  ],
  ["SQL insert", /insert\s+into\s+(bookings|booking_items)\s*\([^)]*\bstatus\b/gis],
  ["Drizzle update", /\.update\(\s*(bookings|bookingItems)\s*\)\s*\.set\(\s*\{[^}]*\bstatus\s*:/gs],
  ["Drizzle insert", /\.insert\(\s*(bookings|bookingItems)\s*\)/g],
  ["bulk load", /insertBatch\([^)]*\b(bookings|booking_items)\b/g],
];

export function statusWrites(file: string, text: string) {
  return writers.flatMap(([kind, re]) =>
    [...text.matchAll(re)].map((m) => `${file}:${text.slice(0, m.index).split("\n").length} ${kind} of ${m[1]}`),
  );
}

describe("status writers", () => {
  it("only the lifecycle writes bookings.status and booking_items.status", () => {
    const found = scanned
      .flatMap((d) => [...sources(d)])
      .filter((f) => !f.startsWith(lifecycle))
      .flatMap((f) => statusWrites(f, readFileSync(path.join(root, f), "utf8")));
    expect(found).toEqual([]);
  });

  it("recognises each kind of writer", () => {
    const samples = [
      "update bookings set status = 'x'",
      "UPDATE booking_items i SET updated_at = now(), status = v.status",
      "insert into bookings (id, status) values ($1, $2)",
      "tx.update(bookings).set({ status: to })",
      "db.insert(bookingItems).values(rows)",
      'insertBatch(sql, "booking_items", rows)',
    ];
    for (const s of samples) expect(statusWrites("x.ts", s), s).toHaveLength(1);
    expect(statusWrites("x.ts", "update bookings set has_issue = true where status = 'confirmed'")).toEqual([]);
  });
});
