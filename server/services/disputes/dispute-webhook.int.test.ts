import { opsActor } from "@/server/domain/actor";
// End to end through the Stripe webhook route: the local gateway's signed dispute events are posted
// to POST /api/webhooks/stripe (signature verified, stored once), then processed by the dispatcher
// into this module: opened → evidence submitted from the console's service → lost → refunded.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { disputes, localGatewayEvents, outbox } from "@/db/schema";
import { closeLocalDispute, createLocalDispute, paymentGateway } from "@/server/payments";
import { createTestDb } from "@/tests/db";
import { deliverAndProcess } from "@/tests/fixtures/stripe-delivery";
import { submitEvidence } from "./submit-evidence";
import { bookingOf, insertDisputableBooking } from "@/tests/fixtures/disputes";

const db = await createTestDb();
provideDb(db);

describe("disputes through the Stripe webhook route", () => {
  it("opened, evidence submitted, redelivered, lost: the booking ends refunded with the chargeback counted", async () => {
    const b = await insertDisputableBooking(db, { status: "completed" });
    const gd = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId, reason: "product_not_received" });
    await deliverAndProcess(db);
    const [row] = await db.select().from(disputes).where(eq(disputes.stripeDisputeId, gd.id));
    expect(row).toMatchObject({ bookingId: b.bookingId, status: "needs_response" });
    expect((await bookingOf(db, b.bookingId)).status).toBe("disputed");

    await submitEvidence(db, {
      disputeId: row.id,
      actor: opsActor("founder@example.com"),
      gateway: paymentGateway(db),
    });
    // Every event is posted again (a redelivery): stored once, nothing applied twice.
    await db.update(localGatewayEvents).set({ deliveredAt: null });
    await deliverAndProcess(db);
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from payment_webhook_events where payload->'data'->'object'->>'id' = ${gd.id}`,
    );
    expect(n).toBe(2); // created + updated (under review)
    expect((await db.select().from(disputes).where(eq(disputes.id, row.id)))[0]).toMatchObject({
      status: "under_review",
      evidenceSubmitted: true,
    });

    await closeLocalDispute(db, gd.id, "lost");
    await deliverAndProcess(db);
    expect(await bookingOf(db, b.bookingId)).toMatchObject({ status: "refunded", refundedMinor: 80_000 });
    const events = await db
      .select({ name: outbox.name })
      .from(outbox)
      .where(sql`${outbox.data}->>'disputeId' = ${row.id}`);
    expect(events.map((e) => e.name).sort()).toEqual([
      "dispute/closed",
      "dispute/created",
      "dispute/evidence_submitted",
    ]);
  }, 60_000);
});
