import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import { signInByEmail, sql } from "./helpers";

const refusal = "This booking's fare does not allow changes";

test("a traveler sees why a change is refused, and the server refuses the same request with the same words", async ({
  page,
}) => {
  // One of the demo traveler's live bookings, nothing under way on it; its fare is made non-changeable
  // (as a saver fare's would be) for this test and restored after.
  const [b] = await sql<{ id: string; reference: string }[]>`
    select b.id, b.booking_reference as reference from bookings b
    where lower(b.contact_email) = ${demoFixtures.traveler.email.toLowerCase()} and b.is_modifiable
      and b.status in ('confirmed', 'ticketed', 'modified') and b.travel_start_at > now() + interval '2 days'
      and not exists (select 1 from cancellation_requests c where c.booking_id = b.id
                      and c.status in ('pending', 'calculating', 'awaiting_confirmation', 'processing', 'partial'))
      and not exists (select 1 from booking_modifications m where m.booking_id = b.id and m.status in ('awaiting_payment', 'submitted'))
    order by b.booking_reference limit 1`;
  expect(b, "a live booking of the demo traveler").toBeTruthy();
  await sql`update bookings set is_modifiable = false where id = ${b.id}`;
  try {
    await signInByEmail(page, demoFixtures.traveler.email);
    await page.goto(`/bookings/${b.reference}`);

    // The portal shows the change disabled, with the reason; contact details are not under the fare.
    const changes = page.getByRole("region", { name: "Changes" });
    const changeName = changes.getByRole("button", { name: "Change name" });
    await expect(changeName).toBeDisabled();
    await expect(changeName).toHaveAccessibleDescription(refusal);
    await expect(changes.getByRole("button", { name: "Change dates" })).toHaveAccessibleDescription(refusal);
    await expect(changes.getByRole("button", { name: "Update contact" })).toBeEnabled();

    // The same request sent straight to the server with this session: refused, in the same words.
    const res = await page.request.post("/api/trpc/portal.modifications.nameChange", {
      data: { json: { reference: b.reference, travelerIndex: 0, firstName: "Lucia", lastName: "Garcias" } },
    });
    expect(res.status()).toBe(409);
    const body = (await res.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toBe(refusal);
    expect(
      await sql`select 1 from booking_modifications where booking_id = ${b.id} and created_at > now() - interval '5 minutes'`,
    ).toHaveLength(0);
  } finally {
    await sql`update bookings set is_modifiable = true where id = ${b.id}`;
  }
});
