import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets its rate through at once, the next ones a second later, in order", async () => {
    const limiter = new RateLimiter(5, () => Date.now());
    const started: number[] = [];
    const calls = Array.from({ length: 12 }, (_, i) => limiter.take().then(() => started.push(i)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toHaveLength(12);
    await Promise.all(calls);
    expect(started).toEqual([...Array(12).keys()]);
  });

  it("never starts more than its rate within any second", async () => {
    const limiter = new RateLimiter(3, () => Date.now());
    const at: number[] = [];
    const calls = Array.from({ length: 20 }, () => limiter.take().then(() => at.push(Date.now())));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(calls);
    for (const t of at) expect(at.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(3);
    expect(at).toHaveLength(20);
  });
});
