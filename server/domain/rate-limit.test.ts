import { describe, expect, it } from "vitest";
import { minutesUntil, tooManyRequests } from "./rate-limit";

describe("rate-limit wording", () => {
  const t0 = new Date("2030-01-01T10:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  it("rounds the wait up to whole minutes, at least one", () => {
    expect(minutesUntil(at(61), t0)).toBe(2);
    expect(minutesUntil(at(60), t0)).toBe(1);
    expect(minutesUntil(at(0), t0)).toBe(1);
    expect(minutesUntil(at(900), t0)).toBe(15);
  });

  it("says one minute and many minutes", () => {
    expect(tooManyRequests(1)).toBe("Too many requests. Please try again in 1 minute.");
    expect(tooManyRequests(15)).toBe("Too many requests. Please try again in 15 minutes.");
  });
});
