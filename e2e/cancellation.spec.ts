import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import type { CancellationPolicy } from "@/server/domain/policy";
import { quoteRefund } from "@/server/domain/refund-quote";
import { signInByEmail, sql } from "./helpers";

test("a guest cancels a package booking with a fee and follows the refund tracker", async ({ page }) => {
  // A live package whose cancellation costs a fee but still refunds something, as the quote will say.
  const packages = await sql<{ id: string; reference: string; last_name: string; currency: string }[]>`
    select b.id, b.booking_reference as reference, b.lead_last_name as last_name, b.currency from bookings b
    where b.status = 'confirmed' and b.booking_type = 'package' and b.travel_start_at > now() + interval '1 day'
      and b.booking_reference not like 'GD-DEMO%'
      and exists (select 1 from payment_transactions p where p.booking_id = b.id and p.kind = 'charge' and p.status = 'succeeded')
      and not exists (select 1 from refunds r where r.booking_id = b.id)
      and not exists (select 1 from cancellation_requests c where c.booking_id = b.id)
      and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status <> 'confirmed')
    order by b.booking_reference`;
  let chosen: (typeof packages)[number] | undefined;
  for (const p of packages) {
    const items = await sql<{ id: string; share: number; policy: CancellationPolicy | null; nights: number | null }[]>`
      select id, charge_share_minor::int as share, cancellation_policy as policy, (item_details->>'nights')::int as nights from booking_items where booking_id = ${p.id}`;
    const q = quoteRefund(
      p.currency,
      items.map((i) => ({ itemId: i.id, chargeShareMinor: i.share, policy: i.policy, nights: i.nights ?? 1 })),
      new Date(),
    );
    if (q.cancellationFeeMinor > 0 && q.refundMinor > 0) {
      chosen = p;
      break;
    }
  }
  expect(chosen, "a package whose cancellation has a fee").toBeTruthy();
  const b = chosen!;

  await page.goto("/signin");
  await page.getByLabel("Booking reference").fill(b.reference);
  await page.getByLabel("Last name").fill(b.last_name);
  await page.getByRole("form", { name: "Find a booking" }).getByRole("button", { name: "Find my booking" }).click();
  await expect(page).toHaveURL(new RegExp(`/bookings/${b.reference}`));

  await page.getByRole("button", { name: "Cancel booking…" }).click();
  const panel = page.getByRole("region", { name: "Cancel booking" });
  await panel.getByRole("button", { name: "See my refund" }).click();
  const items = await sql`select id from booking_items where booking_id = ${b.id}`;
  // One row per item, each headed by the item's name.
  await expect(panel.getByRole("table", { name: "Refund quote" }).getByRole("rowheader")).toHaveCount(items.length);
  await expect(panel.getByRole("status")).toContainText("You get back");
  await panel.getByRole("button", { name: "Confirm cancellation" }).click();
  // The confirmation shows at once and survives the refresh; a fast provider round may already have
  // finished the cancellation, which the tracker then shows instead.
  const tracker = page.getByRole("region", { name: "Refund tracker" });
  const doneSteps = tracker.getByRole("listitem").filter({ has: page.getByRole("img", { name: "done", exact: true }) });
  await expect(
    page.getByRole("status").filter({ hasText: "Cancellation confirmed" }).or(doneSteps).first(),
  ).toBeVisible();

  // The tracker moves: requested → cancelled with the providers → refund sent → expected by.
  await expect
    .poll(
      async () => {
        await page.reload();
        return doneSteps.count();
      },
      { timeout: 45_000, intervals: [1000] },
    )
    .toBe(4);
  await expect(tracker).toContainText(`${items.length} of ${items.length}`);
  await expect(tracker).toContainText(/by \d{4}-\d{2}-\d{2}/);
  const [r] = await sql<
    { status: string; fee: number }[]
  >`select r.status, (c.refund_calculation->>'cancellationFeeMinor')::int as fee
    from refunds r join cancellation_requests c on c.id = r.cancellation_request_id where r.booking_id = ${b.id}`;
  expect(r).toMatchObject({ status: "succeeded" });
  expect(r.fee).toBeGreaterThan(0);
});

test("the founder retries a failed refund from the console", async ({ page }) => {
  // A refund that failed three times and was escalated (the card was replaced since).
  const [p] = await sql<{ id: string; booking_id: string; currency: string }[]>`
    select p.id, p.booking_id, p.currency from payment_transactions p
    where p.kind = 'charge' and p.status = 'succeeded' and p.currency in ('USD', 'EUR', 'GBP') and p.amount_minor - p.refunded_minor > 500
      and not exists (select 1 from refunds r where r.booking_id = p.booking_id)
    order by p.id limit 1`;
  const reference = `RF-E2E-${Date.now().toString(36).toUpperCase()}`;
  const [refund] = await sql<
    { id: string }[]
  >`insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key, amount_minor, currency, status, reason, retry_count, failure_reason)
    values (${p.booking_id}, ${p.id}, ${reference}, ${`refund:e2e:${reference}`}, 500, ${p.currency}, 'failed', 'goodwill', 3, 'Your card was declined: expired_card') returning id`;

  await signInByEmail(page, demoFixtures.admin.email);
  await page.goto("/ops/refunds");
  const row = page.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("expired_card");
  await row.getByRole("button", { name: "Retry refund" }).click();
  await expect
    .poll(async () => (await sql`select status from refunds where id = ${refund.id}`)[0].status, { timeout: 30_000 })
    .toBe("succeeded");
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: reference })).toContainText("succeeded");
});
