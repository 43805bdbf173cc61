import { expect, test } from "@playwright/test";
import { sql } from "./helpers";

test("a guest corrects a traveler's name: sees the fee, pays with a card that needs authentication, and the change is made", async ({
  page,
}) => {
  // A live booking with an airline flight for the lead traveler and a charge to pay the fee from.
  const [b] = await sql<{ id: string; reference: string; last_name: string; first_name: string }[]>`
    select b.id, b.booking_reference as reference, b.lead_last_name as last_name, b.travelers->0->>'firstName' as first_name from bookings b
    where b.status in ('confirmed', 'ticketed') and b.travel_start_at > now() + interval '3 days' and b.is_modifiable
      and exists (select 1 from payment_transactions p where p.booking_id = b.id and p.kind = 'charge' and p.status = 'succeeded')
      and exists (select 1 from booking_items i where i.booking_id = b.id and i.category = 'flight' and i.provider_code in ('skyway-air', 'aero-nova')
                  and i.status in ('confirmed', 'ticketed') and (0 = any(i.traveler_indices) or cardinality(i.traveler_indices) = 0))
      and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status not in ('confirmed', 'ticketed'))
      and not exists (select 1 from booking_modifications m where m.booking_id = b.id and m.status in ('pending', 'awaiting_payment', 'submitted'))
    order by b.booking_reference limit 1`;
  // The checkout saved this card (Stripe's test card that asks for 3-D Secure).
  await sql`update payment_transactions set stripe_payment_method_id = 'pm_card_authenticationRequired' where booking_id = ${b.id} and kind = 'charge'`;

  await page.goto("/signin");
  await page.getByLabel("Booking reference").fill(b.reference);
  await page.getByLabel("Last name").fill(b.last_name);
  await page.getByRole("form", { name: "Find a booking" }).getByRole("button", { name: "Find my booking" }).click();
  await expect(page).toHaveURL(new RegExp(`/bookings/${b.reference}`));

  await page.getByRole("button", { name: "Change name" }).click();
  const form = page.getByRole("region", { name: "Change name" });
  const corrected = `${b.last_name}e`;
  await form.getByLabel("Last name").fill(corrected);
  await form.getByRole("button", { name: "See the fee" }).click();

  // The fee is shown before anything is charged.
  const changes = page.getByRole("list", { name: "Requested changes" }).getByRole("listitem");
  const change = changes.first();
  await expect(change).toContainText("pending");
  await expect(change).toContainText("Change fee");
  await change.getByRole("button", { name: /Confirm and pay/ }).click();

  // The card asks for authentication: the (local) bank page shows the amount.
  await expect(page).toHaveURL(/\/pay\/authenticate\/pi_/);
  await expect(page.getByRole("main")).toMatchAriaSnapshot(`
    - term: Amount
    - definition: /\\d/
  `);
  await page.getByRole("button", { name: "Authenticate" }).click();

  // Back on the booking; the provider confirms, then the traveler record changes.
  await expect(page).toHaveURL(new RegExp(`/bookings/${b.reference}\\?modification=`));
  await expect
    .poll(
      async () =>
        (
          await sql`select status from booking_modifications where booking_id = ${b.id} order by created_at desc limit 1`
        )[0]?.status,
      { timeout: 30_000 },
    )
    .toBe("confirmed");
  const pays = await sql`select status from payment_transactions where booking_id = ${b.id} and kind = 'fee_charge'`;
  expect(pays.map((p) => p.status)).toEqual(["succeeded"]);
  await page.reload();
  await expect(changes.first()).toContainText("confirmed");
  await expect(page.getByRole("region", { name: "Travelers" })).toContainText(`${b.first_name} ${corrected}`);
});

test("a guest moves a hotel stay: sees prices for nearby dates and picks one", async ({ page }) => {
  const [b] = await sql<{ id: string; reference: string; last_name: string }[]>`
    select b.id, b.booking_reference as reference, b.lead_last_name as last_name from bookings b
    where b.status = 'confirmed' and b.travel_start_at > now() + interval '10 days' and b.is_modifiable
      and exists (select 1 from booking_items i where i.booking_id = b.id and i.category = 'hotel' and i.status = 'confirmed')
      and not exists (select 1 from booking_modifications m where m.booking_id = b.id)
    order by b.booking_reference desc limit 1`;
  await sql`update payment_transactions set stripe_payment_method_id = 'pm_card_visa' where booking_id = ${b.id} and kind = 'charge'`;
  await page.goto("/signin");
  await page.getByLabel("Booking reference").fill(b.reference);
  await page.getByLabel("Last name").fill(b.last_name);
  await page.getByRole("form", { name: "Find a booking" }).getByRole("button", { name: "Find my booking" }).click();

  await page.getByRole("button", { name: "Change dates" }).click();
  const form = page.getByRole("region", { name: "Change dates" });
  const [hotel] = await sql<
    { id: string }[]
  >`select id from booking_items where booking_id = ${b.id} and category = 'hotel' and status = 'confirmed' limit 1`;
  await form.getByLabel("Item").selectOption(hotel.id);
  const start = await form.getByLabel("New start date").inputValue();
  const end = await form.getByLabel("New end date").inputValue();
  const plus = (d: string, n: number) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("New start date").fill(plus(start, 7));
  await form.getByLabel("New end date").fill(plus(end, 7));
  await form.getByRole("button", { name: "See prices" }).click();
  await expect(form.getByRole("table", { name: "Dates and prices" })).toBeVisible();
  await form.getByRole("button", { name: "Choose" }).first().click();

  const change = page.getByRole("list", { name: "Requested changes" }).getByRole("listitem").first();
  await expect(change).toContainText("Change fee");
  await change.getByRole("button", { name: /Confirm/ }).click();
  await expect
    .poll(
      async () =>
        (
          await sql`select status from booking_modifications where booking_id = ${b.id} order by created_at desc limit 1`
        )[0]?.status,
      { timeout: 30_000 },
    )
    .toBe("confirmed");
  await expect
    .poll(
      async () =>
        (await sql`select count(*)::int as n from booking_items where booking_id = ${b.id} and status = 'modified'`)[0]
          .n,
    )
    .toBe(1);
});
