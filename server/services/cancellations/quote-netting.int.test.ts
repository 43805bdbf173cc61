// Issue 23: a cancellation quote nets what already went back on the item (an earlier manual or
// partial refund) instead of quoting paid − fee again and letting the charge's remainder cap it.
import { opsActor } from "@/server/domain/actor";
import { describe, expect, it } from "vitest";
import { issueManualRefund } from "@/server/services/refunds/issue-manual-refund";
import { createTestDb } from "@/tests/db";
import { insertDisputableBooking } from "@/tests/fixtures/disputes";
import { requestCancellation } from "./request-cancellation";

const db = await createTestDb();
const founder = opsActor("founder@example.com");
// testPolicy: 50% fee from 1 May 2031 (Lisbon), the stay starts 1 June 2031.
const inFeeTier = new Date("2031-05-10T12:00:00Z");

describe("cancellation quotes after an earlier refund", () => {
  it("quote paid − fee − already returned: the fee is kept, not waived by the charge's remainder", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 80_000 });
    await issueManualRefund(db, {
      bookingId: b.bookingId,
      amountMinor: 30_000,
      currency: "EUR",
      reason: "goodwill",
      actor: founder,
    });
    const c = await requestCancellation(
      db,
      { actor: founder },
      { bookingId: b.bookingId, reason: "Plans changed", now: inFeeTier },
    );
    const [line] = c.refundCalculation!.items;
    // Before: 800 − 400 fee = 400, within the 500 left, so the 300 already returned was paid twice over the fee.
    expect(line).toMatchObject({ paidMinor: 80_000, feeMinor: 40_000, refundMinor: 10_000 });
    expect(c.refundCalculation).toMatchObject({ refundMinor: 10_000 });
  });

  it("quotes nothing when the earlier refunds already returned more than paid − fee", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 80_000 });
    await issueManualRefund(db, {
      bookingId: b.bookingId,
      amountMinor: 60_000,
      currency: "EUR",
      reason: "goodwill",
      actor: founder,
    });
    const c = await requestCancellation(
      db,
      { actor: founder },
      { bookingId: b.bookingId, reason: "Plans changed", now: inFeeTier },
    );
    expect(c.refundCalculation).toMatchObject({ refundMinor: 0 });
  });

  it("waived fees quote what is left: paid − already returned", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 80_000 });
    await issueManualRefund(db, {
      bookingId: b.bookingId,
      amountMinor: 30_000,
      currency: "EUR",
      reason: "goodwill",
      actor: founder,
    });
    const c = await requestCancellation(
      db,
      { actor: founder },
      { bookingId: b.bookingId, reason: "Provider failure", waiveFees: true, now: inFeeTier },
    );
    expect(c.refundCalculation).toMatchObject({ refundMinor: 50_000 });
  });
});
