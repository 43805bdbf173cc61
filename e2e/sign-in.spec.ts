import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import { signInByEmail } from "./helpers";

test("the founder signs in through the magic link and searches the bookings table", async ({ page }) => {
  await signInByEmail(page, demoFixtures.admin.email);
  await page.goto("/ops/bookings");
  const table = page.getByRole("table", { name: "Bookings" });
  // The body's rows (the first row group is the header).
  const rows = table.getByRole("rowgroup").nth(1).getByRole("row");
  await expect(rows.first()).toBeVisible();
  await page.getByLabel("Search bookings").fill(demoFixtures.traveler.lastName);
  await expect(page).toHaveURL(new RegExp(`q=${demoFixtures.traveler.lastName}`));
  await expect(table.getByRole("link", { name: demoFixtures.traveler.reference })).toBeVisible();
  // Every row shown matches the search.
  const texts = await rows.allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  for (const r of texts) expect(r.toLowerCase()).toContain(demoFixtures.traveler.lastName.toLowerCase());

  await table.getByRole("link", { name: demoFixtures.traveler.reference }).click();
  await expect(page.getByRole("heading", { name: `Booking ${demoFixtures.traveler.reference}` })).toBeVisible();
});

test("a guest looks a booking up by reference and last name", async ({ page }) => {
  await page.goto("/signin");
  const form = page.getByRole("form", { name: "Find a booking" });
  const lookupError = form.getByRole("alert");
  // Submits and waits for the server action's answer, so that a slow answer to one attempt is
  // never read as the answer to the next.
  const lookUp = async (reference: string, lastName: string) => {
    await page.getByLabel("Booking reference").fill(reference);
    await page.getByLabel("Last name").fill(lastName);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signin"),
      form.getByRole("button", { name: "Find my booking" }).click(),
    ]);
    await expect(form.getByRole("button", { name: "Find my booking" })).toBeEnabled();
  };
  await lookUp(demoFixtures.traveler.reference, "Nobody");
  const wrongName = await lookupError.innerText();
  await lookUp("GD-ZZZZZZ", demoFixtures.traveler.lastName);
  await expect(lookupError).toHaveText(wrongName); // same answer whichever part is wrong

  await page.getByLabel("Booking reference").fill(demoFixtures.traveler.reference.toLowerCase());
  await page.getByLabel("Last name").fill(demoFixtures.traveler.lastName.toUpperCase());
  await form.getByRole("button", { name: "Find my booking" }).click();
  await expect(page).toHaveURL(new RegExp(`/bookings/${demoFixtures.traveler.reference}$`));
  await expect(page.getByRole("heading", { name: demoFixtures.traveler.reference })).toBeVisible();
  await expect(page.getByRole("article").first()).toBeVisible();

  // The guest session is scoped to that one booking.
  await page.goto(`/bookings/${demoFixtures.other.reference}`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a traveler cannot open someone else's booking or the ops console", async ({ page }) => {
  await signInByEmail(page, demoFixtures.traveler.email);
  await expect(page.getByRole("heading", { name: "My bookings" })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(demoFixtures.traveler.reference) })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(demoFixtures.other.reference);

  const res = await page.goto(`/bookings/${demoFixtures.other.reference}`);
  expect(res?.status()).toBe(404);
  const ops = await page.goto("/ops");
  expect(ops?.status()).toBe(404);
});
