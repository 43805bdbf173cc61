import { expect, test } from "@playwright/test";
import { demoFixtures } from "@/db/seed/fixtures";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { appDb, signInByEmail, sql } from "./helpers";

test("the founder opens the dashboard, follows a critical item to its booking and resolves its follow-up", async ({
  page,
}) => {
  // A follow-up overdue for longer than any other: it heads the dashboard's "Open follow-ups".
  const [booking] = await sql<{ id: string; reference: string }[]>`
    select id, booking_reference as reference from bookings where booking_reference = ${demoFixtures.other.reference}`;
  const title = `Call the hotel about ${booking.reference} (${Date.now()})`;
  const db = await appDb();
  const { id } = await openFollowUp(db, {
    kind: "escalation",
    title,
    dueAt: new Date("2001-01-01T00:00:00Z"),
    priority: "critical",
    bookingId: booking.id,
  });

  await signInByEmail(page, demoFixtures.admin.email);
  await page.goto("/ops");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Revenue per currency" })).toBeVisible();
  const followUps = page.getByRole("region", { name: "Open follow-ups" });
  await followUps.getByRole("link", { name: new RegExp(title.replace(/[()]/g, "\\$&")) }).click();

  await expect(page).toHaveURL(new RegExp(`/ops/bookings/${booking.id}$`));
  await expect(page.getByRole("heading", { name: `Booking ${booking.reference}` })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await timeline.getByRole("link", { name: `Follow-up: ${title}` }).click();

  await expect(page).toHaveURL(/\/ops\/follow-ups/);
  const row = page.getByRole("row").filter({ hasText: title });
  await row.getByRole("button", { name: "Resolve…" }).click();
  await row.getByLabel("Resolution note").fill("Hotel confirmed the room by phone");
  await row.getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(row).toHaveCount(0); // the open list no longer holds it

  const [done] = await sql<{ resolved: boolean; resolved_by: string; resolution: string }[]>`
    select resolved, resolved_by, resolution from manual_follow_ups where id = ${id}`;
  expect(done).toEqual({
    resolved: true,
    resolved_by: demoFixtures.admin.email,
    resolution: "Hotel confirmed the room by phone",
  });
  await page.goto("/ops/follow-ups?state=resolved");
  await expect(page.getByRole("row").filter({ hasText: title })).toContainText("Hotel confirmed the room by phone");
  await db.$sql.end();
});
