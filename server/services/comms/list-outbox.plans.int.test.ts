import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { commsBooking } from "@/tests/fixtures/comms";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listAccountMail, listOutbox } from "./list-outbox";

// The outbox at 1,000,000 bookings reads an index in page order: no sort of every message.
const db = await createTestDb();
await commsBooking(db);
const older = olderPage;

describe("outbox query plans", () => {
  it.each([
    ["every message", {}, "idx_communications_created"],
    ["by status", { status: "failed" as const }, "idx_communications_status"],
    ["by channel", { channel: "sms" as const }, "idx_communications_channel"],
    ["an older page by status", { status: "failed" as const, before: older }, "idx_communications_status"],
  ])("%s: read from its index in page order", async (_, filter, index) => {
    const [plan] = await plansOf(db.url, (d) => listOutbox(d, { limit: 50, ...filter }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
  });

  it("account mail: the partial index of mail not about a booking", async () => {
    const [plan] = await plansOf(db.url, (d) => listAccountMail(d));
    expect(planSummary(plan)).toMatchObject({ indexes: ["mail_outbox_account"], sorts: false, seqScans: [] });
  });
});
