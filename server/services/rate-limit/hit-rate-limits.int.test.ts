import { describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { createTestDb } from "@/tests/db";
import { hitRateLimits } from "./hit-rate-limits";

const db = await createTestDb();
const t0 = new Date("2030-01-01T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("hitRateLimits", () => {
  it("two app processes (two connection pools) racing on one key never let more than the limit through", async () => {
    const other = createDb(db.url, { max: 10 });
    try {
      const limits = [{ key: "race", limit: 5, windowSeconds: 60 }];
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => hitRateLimits(i % 2 ? db : other, limits, at(i / 100))),
      );
      expect(answers.filter((a) => a.allowed)).toHaveLength(5);
    } finally {
      await other.$sql.end({ timeout: 5 });
    }
  });

  it("records an attempt on every key or on none", async () => {
    const a = { key: "both:a", limit: 2, windowSeconds: 60 };
    const b = { key: "both:b", limit: 1, windowSeconds: 60 };
    expect(await hitRateLimits(db, [a, b], at(0))).toEqual({ allowed: true });
    expect(await hitRateLimits(db, [a, b], at(1))).toEqual({ allowed: false, retryAt: at(60) }); // b is full
    expect(await hitRateLimits(db, [a], at(2))).toEqual({ allowed: true }); // the refusal took nothing from a
    expect(await hitRateLimits(db, [a], at(3))).toEqual({ allowed: false, retryAt: at(60) });
  });

  it("sweeps expired hits", async () => {
    await hitRateLimits(db, [{ key: "old", limit: 1, windowSeconds: 10 }], at(0));
    await hitRateLimits(db, [{ key: "new", limit: 1, windowSeconds: 10 }], at(3600));
    const rows = await db.$sql<{ key: string }[]>`select key from rate_limit_hits where key in ('old', 'new')`;
    expect(rows.map((r) => r.key)).toEqual(["new"]);
  });
});
