import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/domain/errors";
import { demoFixtures } from "@/db/seed/fixtures";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { guestLookup } from "./guest-lookup";

const db = await createTestDb();
await seedDemo(db, { bookings: 20 });
const limits = { limit: 5, windowSeconds: 900 };
const { reference, lastName } = demoFixtures.traveler;

describe("guestLookup", () => {
  it("matches reference and last name regardless of case and accents", async () => {
    const r = await guestLookup(
      db,
      { reference: reference.toLowerCase(), lastName: ` ${lastName.toUpperCase()} `, ip: "10.0.0.1" },
      limits,
    );
    expect(r?.reference).toBe(reference);
  });

  it("answers the same (null) for a wrong reference and for a wrong name", async () => {
    expect(await guestLookup(db, { reference, lastName: "Somebody", ip: "10.0.0.2" }, limits)).toBeNull();
    expect(await guestLookup(db, { reference: "GD-ZZZZZZ", lastName, ip: "10.0.0.2" }, limits)).toBeNull();
  });

  it("is rate-limited per address, even with the right answer", async () => {
    const ip = "10.0.0.3";
    for (let i = 0; i < limits.limit; i++)
      await guestLookup(db, { reference: `GD-AAAA${i}`, lastName: "x", ip }, limits);
    await expect(guestLookup(db, { reference, lastName, ip }, limits)).rejects.toMatchObject({ code: "rate_limited" });
    expect(
      await guestLookup(db, { reference, lastName, ip: "10.0.0.4" }, limits).catch((e: DomainError) => e.code),
    ).not.toBe("rate_limited");
  });

  it("is rate-limited per reference across addresses", async () => {
    const ref = demoFixtures.other.reference;
    for (let i = 0; i < limits.limit; i++)
      await guestLookup(db, { reference: ref, lastName: "wrong", ip: `10.1.0.${i}` }, limits);
    await expect(
      guestLookup(db, { reference: ref, lastName: demoFixtures.other.lastName, ip: "10.1.1.1" }, limits),
    ).rejects.toBeInstanceOf(DomainError);
  });
});
