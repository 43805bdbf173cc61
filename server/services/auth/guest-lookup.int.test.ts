import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/domain/errors";
import { demoFixtures } from "@/db/seed/fixtures";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { guestLookup, type GuestLookupInput } from "./guest-lookup";

const db = await createTestDb();
await seedDemo(db, { bookings: 20 });
const limits = { perAddress: 8, perReference: 4, windowSeconds: 900 };
const { reference, lastName } = demoFixtures.traveler;
const t0 = new Date("2030-01-01T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
/** The look-up's answer at an instant of the injected clock: the booking's reference, null, or "limited". */
const look = (input: GuestLookupInput, now = t0) =>
  guestLookup(db, input, limits, now).then(
    (r) => r?.reference ?? null,
    (e: unknown) => (e instanceof DomainError && e.code === "rate_limited" ? "limited" : Promise.reject(e)),
  );

describe("guestLookup", () => {
  it("matches reference and last name regardless of case and accents", async () => {
    expect(
      await look({ reference: reference.toLowerCase(), lastName: ` ${lastName.toUpperCase()} `, ip: "10.0.0.1" }),
    ).toBe(reference);
  });

  it("answers the same (null) for a wrong reference and for a wrong name", async () => {
    expect(await look({ reference, lastName: "Somebody", ip: "10.0.0.2" })).toBeNull();
    expect(await look({ reference: "GD-ZZZZZZ", lastName, ip: "10.0.0.2" })).toBeNull();
  });

  it("is rate-limited per address across references, even with the right answer", async () => {
    const ip = "10.0.0.3";
    for (let i = 0; i < limits.perAddress; i++)
      expect(await look({ reference: `GD-AAAA${i}`, lastName: "x", ip })).toBeNull();
    expect(await look({ reference, lastName, ip })).toBe("limited");
    expect(await look({ reference, lastName, ip: "10.0.0.4" })).toBe(reference);
  });

  it("limits names guessed for one reference from one address, however the reference is written", async () => {
    const ip = "10.0.0.5";
    const spellings = [reference, reference.toLowerCase(), ` ${reference} `];
    for (let i = 0; i < limits.perReference; i++)
      expect(await look({ reference: spellings[i % 3], lastName: `Guess${i}`, ip })).toBeNull();
    expect(await look({ reference, lastName, ip })).toBe("limited");
    // Other references from that address are still open: only the pair is full.
    expect(await look({ reference: demoFixtures.other.reference, lastName: demoFixtures.other.lastName, ip })).toBe(
      demoFixtures.other.reference,
    );
  });

  it("a stranger's guesses at a reference never lock its traveler out (who comes from another address)", async () => {
    const ref = demoFixtures.other.reference;
    for (let i = 0; i < 3 * limits.perAddress; i++)
      await look({ reference: ref, lastName: "wrong", ip: `10.1.0.${i % 4}` });
    expect(await look({ reference: ref, lastName: demoFixtures.other.lastName, ip: "10.1.1.1" })).toBe(ref);
  });

  it("counts in a sliding window: a burst across a fixed-window boundary is still one window", async () => {
    const ip = "10.2.0.1";
    // Half the allowance just before 10:15:00 (where a 15-minute fixed window would reset), half just after.
    for (let i = 0; i < limits.perAddress / 2; i++)
      expect(await look({ reference: `GD-BBBB${i}`, lastName: "x", ip }, at(900 - 4))).toBeNull();
    for (let i = 0; i < limits.perAddress / 2; i++)
      expect(await look({ reference: `GD-CCCC${i}`, lastName: "x", ip }, at(900 + 4))).toBeNull();
    expect(await look({ reference, lastName, ip }, at(900 + 5))).toBe("limited");
    // The first hits leave the window 900 s after they were made, and not a second before.
    expect(await look({ reference, lastName, ip }, at(900 - 4 + 899))).toBe("limited");
    expect(await look({ reference, lastName, ip }, at(900 - 4 + 900))).toBe(reference);
  });

  it("says when the next attempt is allowed, and a refused attempt uses up nothing", async () => {
    const ip = "10.3.0.1";
    for (let i = 0; i < limits.perAddress; i++) await look({ reference: `GD-DDDD${i}`, lastName: "x", ip }, at(i));
    const refused = await guestLookup(db, { reference, lastName, ip }, limits, at(100)).catch((e: DomainError) => e);
    expect(refused).toMatchObject({ code: "rate_limited", details: { retryAt: at(900) } });
    for (let i = 0; i < 20; i++) expect(await look({ reference, lastName, ip }, at(200 + i))).toBe("limited");
    // The hammering did not push the window on: the oldest hit expires on time.
    expect(await look({ reference, lastName, ip }, at(900))).toBe(reference);
  });
});
