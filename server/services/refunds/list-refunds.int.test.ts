// /ops/refunds through the tRPC caller: the queue of refunds needing someone (failed first, then
// the longest waiting; its top and a capped count), the history and each status a keyset page
// at a time.
import { QUEUE_SHOWN } from "@/server/services/paging/queue";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { insertDisputableBooking } from "@/tests/fixtures/disputes";
import { callerAs, sessions } from "@/tests/sessions";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops("founder@example.com"));
const b = await insertDisputableBooking(db);

let n = 0;
async function refund(status: string, createdAt: string) {
  const ref = `RF-LIST-${++n}`;
  const [r] = (await db.execute(sql`insert into refunds (booking_id, payment_transaction_id, refund_reference,
      idempotency_key, amount_minor, currency, status, created_at)
    values (${b.bookingId}, ${b.paymentId}, ${ref}, ${`refund:${ref}`}, 1, 'EUR', ${status}::refund_status, ${createdAt}::timestamptz)
    returning id`)) as unknown as { id: string }[];
  return r.id;
}

describe("ops.money refunds", () => {
  it("queues failed first, then pending and processing oldest first; settled ones are history", async () => {
    const pendingOld = await refund("pending", "2026-01-01 00:00:00+00");
    const failedNew = await refund("failed", "2026-06-01 00:00:00+00");
    const processing = await refund("processing", "2026-02-01 00:00:00+00");
    const failedOld = await refund("failed", "2026-03-01 00:00:00+00");
    const succeeded = await refund("succeeded", "2026-04-01 00:00:00+00");
    const cancelled = await refund("cancelled", "2026-05-01 00:00:00+00");
    const queue = await ops.ops.money.refundQueue();
    expect(queue.rows.map((r) => r.id)).toEqual([failedOld, failedNew, pendingOld, processing]);
    expect(queue).toMatchObject({ more: 0, moreIsCapped: false });
    expect(queue.rows[0]).toMatchObject({ reference: b.reference, status: "failed", amountMinor: 1 });
    const history = await ops.ops.money.refunds();
    expect(history.rows.map((r) => r.id)).toEqual([cancelled, succeeded]);
    expect((await ops.ops.money.refunds({ status: "failed" })).rows.map((r) => r.id)).toEqual([failedNew, failedOld]);
  });

  it("pages a status by keyset: each once, even several within one millisecond, and back to newer", async () => {
    const ids: string[] = [];
    for (const micro of ["000300", "000200", "000100"])
      ids.push(await refund("succeeded", `2100-01-01 00:00:00.${micro}+00`));
    for (const status of [undefined, "succeeded" as const])
      await expectKeysetPaging((page) => ops.ops.money.refunds({ status, ...page }), ids);
  });

  it("shows the top of a long queue and counts the rest, up to 1,000", async () => {
    await db.execute(sql`insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key,
        amount_minor, currency, status, created_at)
      select ${b.bookingId}, ${b.paymentId}, 'RF-MANY-' || g, 'refund:many:' || g, 1, 'EUR', 'failed', now() - g * interval '1 minute'
      from generate_series(1, 1150) g`);
    const queue = await ops.ops.money.refundQueue();
    expect(queue.rows).toHaveLength(QUEUE_SHOWN);
    expect(queue.moreIsCapped).toBe(true);
    expect(queue.rows.every((r) => r.status === "failed")).toBe(true);
    const traveler = callerAs(db, sessions.traveler(crypto.randomUUID(), "t@example.com"));
    await expect(traveler.ops.money.refundQueue()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
