import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import { deliverSandboxEvent, makeSandboxEvent } from "@/server/providers/sandbox/events";
import { signWebhook } from "@/server/services/webhooks/signature";
import { appDb, signInByEmail, sql } from "./helpers";

test("a traveler reviews a significant schedule change and rejects it for a full refund", async ({ page, baseURL }) => {
  const [flight] = await sql<{ id: string; provider: string; ref: string }[]>`
    select i.id, i.provider_code as provider, i.provider_booking_id as ref from booking_items i join bookings b on b.id = i.booking_id
    where b.booking_reference = ${demoFixtures.traveler.reference} and i.category = 'flight'`;
  // The airline moves the whole trip 7 hours earlier and tells the app, signed, as a provider does.
  const db = await appDb();
  const event = await makeSandboxEvent(db, {
    provider: flight.provider,
    providerBookingId: flight.ref,
    kind: "schedule_change",
    deltaMinutes: -420,
  });
  expect((await deliverSandboxEvent(db, baseURL!, event)).status).toBe(200);
  await expect
    .poll(async () => (await sql`select status from booking_items where id = ${flight.id}`)[0].status, {
      timeout: 20_000,
    })
    .toBe("schedule_changed");

  await signInByEmail(page, demoFixtures.traveler.email);
  await page.goto(`/bookings/${demoFixtures.traveler.reference}`);
  const change = page.getByRole("region", { name: "Schedule change" });
  await expect(change).toContainText("significant change");
  await change.getByRole("button", { name: "Reject and cancel for a full refund" }).click();
  await expect(change).toHaveCount(0);
  const flightCard = page.getByRole("article", { name: /^flight/i });
  await expect(flightCard.getByText("cancelled", { exact: true })).toBeVisible(); // the status badge
  // The whole share is owed back and paid out through the refund path (the local gateway here).
  await expect
    .poll(
      async () =>
        (
          await sql`select status from refunds where idempotency_key = ${`refund:schedule_change_rejected:${flight.id}`}`
        )[0]?.status,
      { timeout: 30_000 },
    )
    .toBe("succeeded");
});

test("the founder replays an unmatched webhook and sees it on the booking's timeline", async ({ page, baseURL }) => {
  const [item] = await sql<{ id: string; booking: string; provider: string; secret: string }[]>`
    select i.id, i.booking_id as booking, i.provider_code as provider, p.webhook_secret as secret
    from booking_items i join bookings b on b.id = i.booking_id join providers p on p.code = i.provider_code
    where i.category = 'hotel' and i.status = 'confirmed' and b.status = 'confirmed' and b.travel_start_at > now()
      and b.booking_reference not like 'GD-DEMO%' limit 1`;
  const lateRef = `LATE-${Date.now()}`;
  const body = JSON.stringify({
    id: `evt_${lateRef}`,
    type: "booking.cancelled",
    occurred_at: new Date().toISOString(),
    provider_booking_id: lateRef,
    data: { reason: "hotel closed" },
  });
  const res = await fetch(`${baseURL}/api/webhooks/providers/${item.provider}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-webhook-signature": signWebhook(item.secret, body) },
  });
  expect(res.status).toBe(200);
  await expect
    .poll(
      async () =>
        (await sql`select match_error from provider_webhooks where webhook_id = ${`evt_${lateRef}`}`)[0]?.match_error ??
        null,
      { timeout: 20_000 },
    )
    .toContain("No booking item");
  // The booking turns up under that reference (the provider re-keyed it).
  await sql`update booking_items set provider_booking_id = ${lateRef} where id = ${item.id}`;

  await signInByEmail(page, demoFixtures.admin.email);
  await page.goto("/ops/webhooks?state=unmatched");
  const row = page.getByRole("row").filter({ hasText: lateRef });
  await row.getByRole("button", { name: "Replay" }).click();
  await expect(row.getByRole("button", { name: "Replayed" })).toBeVisible();
  await expect
    .poll(
      async () =>
        (await sql`select processed from provider_webhooks where webhook_id = ${`evt_${lateRef}`}`)[0].processed,
      { timeout: 20_000 },
    )
    .toBe(true);

  await page.goto(`/ops/bookings/${item.booking}`);
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByRole("link", { name: `${item.provider} sent booking.cancelled` })).toBeVisible();
  await expect(timeline).toContainText("Hotel confirmed → provider cancelled");
});
