import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import { createLocalCharge, createLocalDispute } from "@/server/payments/local-gateway";
import { appDb, signInByEmail, sql } from "./helpers";

// The cardholder disputes a checkout charge at the
// local gateway; its signed event reaches our Stripe route in the background; the founder reviews
// the assembled evidence, adds a note and submits it once.
test("the founder reviews a new dispute's evidence, adds a note and submits it", async ({ page }) => {
  const [p] = await sql<
    { booking_id: string; reference: string; pi: string; ch: string; amount: string; currency: string; held: boolean }[]
  >`
    select p.booking_id, b.booking_reference as reference, p.stripe_payment_intent_id as pi, p.stripe_charge_id as ch, p.amount_minor as amount, p.currency,
      exists (select 1 from local_gateway_payment_intents i where i.id = p.stripe_payment_intent_id) as held
    from payment_transactions p join bookings b on b.id = p.booking_id
    where p.gateway = 'local' and p.kind = 'charge' and p.status = 'succeeded' and p.stripe_payment_intent_id is not null and p.stripe_charge_id is not null
      and b.status in ('confirmed', 'ticketed') and b.booking_reference not like 'GD-DEMO%'
      and not exists (select 1 from refunds r where r.booking_id = b.id)
      and not exists (select 1 from disputes d where d.booking_id = b.id)
    order by b.booking_reference limit 1`;
  const db = await appDb();
  // The seed gives the local gateway its own record of each charge; one it lacks is handed over here.
  if (!p.held)
    await createLocalCharge(db, { id: p.pi, chargeId: p.ch, amountMinor: Number(p.amount), currency: p.currency });
  const gd = await createLocalDispute(db, {
    paymentIntentId: p.pi,
    reason: "product_not_received",
    evidenceDueInDays: 2,
  });
  await db.$sql.end();

  // Delivered to POST /api/webhooks/stripe by the background runner, processed by its function.
  await expect
    .poll(async () => (await sql`select status from disputes where stripe_dispute_id = ${gd.id}`)[0]?.status, {
      timeout: 30_000,
    })
    .toBe("needs_response");
  await expect
    .poll(async () => (await sql`select status from bookings where id = ${p.booking_id}`)[0]?.status)
    .toBe("disputed");

  await signInByEmail(page, demoFixtures.admin.email);
  await page.goto("/ops/disputes");
  const row = page.getByRole("row").filter({ hasText: gd.id });
  await expect(row).toContainText(p.reference);
  await expect(row.getByRole("time")).toContainText(/in 1 d 2\d h/);
  await row.getByRole("link", { name: gd.id }).click();

  await expect(page.getByRole("heading", { name: /^Dispute / })).toBeVisible();
  const fields = page.getByRole("region", { name: "Evidence fields" });
  await expect(fields).toContainText("customer_name");
  await expect(fields).toContainText("cancellation_policy_disclosure");
  await page.getByLabel(/Notes for the card network/).fill("The traveler checked in: see the hotel's confirmation.");
  await page.getByRole("button", { name: "Save notes and refresh preview" }).click();
  await expect(fields).toContainText("The traveler checked in: see the hotel's confirmation.");

  await page.getByRole("button", { name: "Submit evidence…" }).click();
  await page.getByRole("button", { name: "Yes, submit" }).click();
  // A term and its definition cannot carry a name (ARIA): match the pair in the accessibility tree.
  await expect(page.getByRole("main")).toMatchAriaSnapshot(`
    - term: Evidence
    - definition: /submitted .* UTC by ${demoFixtures.admin.email.replaceAll(".", "\\.")}/
  `);

  const [d] = await sql<
    { evidence_submitted: boolean; status: string }[]
  >`select evidence_submitted, status::text from disputes where stripe_dispute_id = ${gd.id}`;
  expect(d).toEqual({ evidence_submitted: true, status: "under_review" });
  const [atGateway] = await sql<
    { status: string; submission_count: number }[]
  >`select status, submission_count from local_gateway_disputes where id = ${gd.id}`;
  expect(atGateway).toEqual({ status: "under_review", submission_count: 1 });
});
