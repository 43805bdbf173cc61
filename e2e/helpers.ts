import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import postgres from "postgres";
import type { S3StoreSettings } from "@/server/documents/s3-storage";

/** What scripts/e2e-server.ts started: the database, the second app server, the shared document bucket. */
export const e2e = JSON.parse(readFileSync(path.join(process.cwd(), ".data", "e2e.json"), "utf8")) as {
  databaseUrl: string;
  appUrl: string;
  secondAppUrl: string;
  documentStore: S3StoreSettings;
  guestLookupLimit: number;
};
const { databaseUrl } = e2e;
// Shared by every spec in the worker; idle connections close themselves, so nothing has to end it.
export const sql = postgres(databaseUrl, { max: 2, idle_timeout: 2, onnotice: () => {} });

/** Signs in the way a person does: ask for the link, read it from the local mail outbox, open it. */
export async function signInByEmail(page: Page, email: string) {
  const since = new Date();
  await page.goto("/signin");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  const [mail] = await sql<{ text: string }[]>`
    select text from mail_outbox where lower(to_address) = ${email.toLowerCase()} and tag = 'sign_in' and created_at >= ${since}
    order by created_at desc limit 1`;
  expect(mail, `a sign-in e-mail to ${email}`).toBeTruthy();
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
}

/** The app's own database layer on the e2e database, for arranging what a provider would do. */
export async function appDb() {
  const { createDb } = await import("@/db/client");
  return createDb(databaseUrl, { max: 2, idle_timeout: 2 });
}
