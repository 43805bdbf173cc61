import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import { signInByEmail } from "./helpers";

test("the founder runs the completion job from /ops/jobs and watches it finish through the local job server", async ({
  page,
}) => {
  await signInByEmail(page, demoFixtures.admin.email);
  await page.goto("/ops/jobs");
  const row = page.getByRole("row", { name: /Mark completed bookings/ });
  // The launcher syncs the functions once the app answers; reload until they are listed.
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("cron 0 2 * * *");

  await row.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/ops\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Mark completed bookings" })).toBeVisible();
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("completed", { timeout: 30_000 });
  await expect(page.getByRole("cell", { name: "complete batch 0" })).toBeVisible();
});
