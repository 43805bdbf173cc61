// The console's dispute procedures through tRPC callers: list with deadlines, detail, preview with
// notes, save notes, submit once through the local gateway, clear 4xx for bad input, roles refused.
import { QUEUE_SHOWN } from "@/server/services/paging/queue";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { disputes, localGatewayDisputes } from "@/db/schema";
import { createLocalDispute, closeLocalDispute } from "@/server/payments/local-gateway";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { handleDisputeEvent } from "./handle-dispute-event";
import { gatewayEventsOf, insertDisputableBooking } from "@/tests/fixtures/disputes";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops("founder@example.com"));

async function opened(dueInDays: number, travelers?: { firstName: string; lastName: string; type: "adult" }[]) {
  const b = await insertDisputableBooking(db, travelers ? { travelers } : {});
  const gd = await createLocalDispute(db, {
    paymentIntentId: b.paymentIntentId,
    evidenceDueInDays: dueInDays,
    reason: "fraudulent",
  });
  const { disputeId } = await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id))[0]);
  return { b, gd, disputeId: disputeId! };
}

describe("ops.disputes", () => {
  it("lists open disputes nearest deadline first with the booking, then filters closed ones", async () => {
    const later = await opened(9),
      sooner = await opened(2),
      closed = await opened(5);
    await closeLocalDispute(db, closed.gd.id, "won");
    await handleDisputeEvent(db, (await gatewayEventsOf(db, closed.gd.id)).at(-1)!);
    const open = (await ops.ops.disputes.list({ filter: "open" })).rows;
    const ids = open.map((r) => r.id);
    expect(ids.indexOf(sooner.disputeId)).toBeLessThan(ids.indexOf(later.disputeId));
    expect(ids).not.toContain(closed.disputeId);
    expect(open.find((r) => r.id === sooner.disputeId)).toMatchObject({
      reference: sooner.b.reference,
      bookingId: sooner.b.bookingId,
      amountMinor: 80_000,
      currency: "EUR",
      status: "needs_response",
    });
    expect((await ops.ops.disputes.list({ filter: "closed" })).rows.map((r) => r.id)).toContain(closed.disputeId);
    expect((await ops.ops.disputes.list()).rows.map((r) => r.id)).toEqual(ids); // default: open
  });

  it("pages closed and all disputes by keyset: each once, even several within one millisecond, and back to newer", async () => {
    const ids: string[] = [];
    for (const micro of ["000300", "000200", "000100"]) {
      const d = await opened(3);
      await db.execute(
        sql`update disputes set status = 'won', outcome = 'won', resolved_at = now(), created_at = ${`2100-01-01 00:00:00.${micro}+00`} where id = ${d.disputeId}`,
      );
      ids.push(d.disputeId);
    }
    for (const filter of ["closed", "all"] as const)
      await expectKeysetPaging((page) => ops.ops.disputes.list({ filter, ...page }), ids);
  });

  it("shows the top of the open queue and counts the rest", async () => {
    const b = await insertDisputableBooking(db);
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from disputes where status in
      ('warning_needs_response', 'warning_under_review', 'needs_response', 'under_review')`)) as unknown as {
      n: number;
    }[];
    await db.execute(sql`insert into disputes (booking_id, stripe_dispute_id, amount_minor, currency, status, evidence_due_by)
      select ${b.bookingId}, 'dp_many_' || g, 100, 'EUR', 'under_review', now() + g * interval '1 hour'
      from generate_series(1, ${QUEUE_SHOWN + 20 - n}::int) g`);
    const open = await ops.ops.disputes.list({ filter: "open" });
    expect(open.rows).toHaveLength(QUEUE_SHOWN);
    expect(open).toMatchObject({ more: 20, moreIsCapped: false, newer: null, older: null });
    const due = open.rows.map((r) => r.evidenceDueBy?.getTime() ?? Infinity);
    expect(due).toEqual([...due].sort((a, c) => a - c));
  });

  it("previews with notes, saves notes, submits once; the detail then shows what was sent", async () => {
    const name = { firstName: `<script>alert(1)</script>`, lastName: "Silva", type: "adult" as const };
    const { gd, disputeId } = await opened(4, [name]);
    const d = await ops.ops.disputes.get({ disputeId });
    expect(d).toMatchObject({
      stripeDisputeId: gd.id,
      evidenceSubmitted: false,
      booking: { status: "disputed", statusBeforeDispute: "confirmed" },
    });
    const p = await ops.ops.disputes.preview({ disputeId, notes: "Traveler stayed all four nights." });
    expect(p.canSubmit).toBe(true);
    expect(p.evidence.customer_name).toBe(`<script>alert(1)</script> Silva`);
    expect(p.evidence.uncategorized_text).toContain("Traveler stayed all four nights.");
    expect(p.files.map((f) => f.field)).toEqual(["uncategorized_file", "cancellation_policy", "receipt"]);
    expect(await ops.ops.disputes.saveNotes({ disputeId, notes: "  Draft note " })).toEqual({ saved: true });
    expect((await ops.ops.disputes.get({ disputeId })).internalNotes).toBe("Draft note");

    const r = await ops.ops.disputes.submit({ disputeId, notes: "Traveler stayed all four nights." });
    expect(r).toMatchObject({ submitted: true, alreadySubmitted: false, status: "under_review" });
    expect((await ops.ops.disputes.submit({ disputeId })).alreadySubmitted).toBe(true); // a double click
    const [atGateway] = await db.select().from(localGatewayDisputes).where(eq(localGatewayDisputes.id, gd.id));
    expect(atGateway.submissionCount).toBe(1);
    const after = await ops.ops.disputes.get({ disputeId });
    expect(after.evidenceData).toMatchObject({
      submittedBy: "founder@example.com",
      evidence: { customer_name: `<script>alert(1)</script> Silva` },
    });
    await expect(ops.ops.disputes.saveNotes({ disputeId, notes: "late" })).rejects.toMatchObject({ code: "CONFLICT" });
  }, 60_000);

  it("bad input gets a clear 4xx and changes nothing; travelers are refused", async () => {
    const { b, disputeId } = await opened(3);
    await expect(ops.ops.disputes.get({ disputeId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(ops.ops.disputes.get({ disputeId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ops.ops.disputes.submit({ disputeId, notes: "x".repeat(4_001) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("notes"),
    });
    await db.update(disputes).set({ status: "lost" }).where(eq(disputes.id, disputeId));
    await expect(ops.ops.disputes.submit({ disputeId })).rejects.toMatchObject({ code: "CONFLICT" });
    const [row] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(row.evidenceSubmittedAt).toBeNull();
    const traveler = callerAs(db, sessions.traveler(crypto.randomUUID(), b.bookingId + "@example.com"));
    await expect(traveler.ops.disputes.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(db, null).ops.disputes.submit({ disputeId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
