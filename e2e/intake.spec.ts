import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { bookBodyAtSandbox, intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";
import { appDb, signInByEmail, sql } from "./helpers";

// The road in, end to end: the founder issues an API key in the console, a checkout posts a booking
// with it, the product confirms it with the providers, the traveler is e-mailed, signs in and takes
// the itinerary and an Apple Wallet pass whose signature verifies against the certificate used.

test("a booking posted to the intake API reaches the console, the traveler's inbox and their wallet", async ({
  page,
  request,
}) => {
  await signInByEmail(page, "founder@example.com");
  await page.goto("/ops/api-clients");
  const client = `E2E checkout ${Date.now()}`;
  const create = page.getByRole("form", { name: "New API client" });
  await create.getByLabel("New client").fill(client);
  await create.getByRole("button", { name: "Create client" }).click();
  const issue = page.getByRole("form", { name: `New key for ${client}` });
  await issue.getByLabel("Key name").fill("e2e");
  await issue.getByRole("button", { name: "Issue key" }).click();
  const key = (await page
    .getByRole("status")
    .filter({ hasText: "will not be shown again" })
    .locator("code")
    .textContent())!;
  expect(key).toMatch(/^bk_/);

  // The checkout booked both items with their providers, charged the card, then hands it over.
  const db = await appDb();
  await seedIntakeProviders(db);
  const body = intakeBody();
  await bookBodyAtSandbox(db, body);
  const res = await request.post("/api/v1/bookings", {
    headers: { authorization: `Bearer ${key.trim()}` },
    data: body,
  });
  expect(res.status()).toBe(201);
  const answer = (await res.json()) as { bookingId: string; reference: string };

  // Confirmed with both providers by the journey's job, visible in the console.
  await expect
    .poll(async () => (await sql`select status from bookings where id = ${answer.bookingId}`)[0]?.status, {
      timeout: 45_000,
    })
    .toBe("confirmed");
  await page.goto(`/ops/bookings/${answer.bookingId}`);
  await expect(page.getByRole("heading", { name: `Booking ${answer.reference}` })).toBeVisible();

  // The confirmation e-mail is in the outbox, addressed to the contact.
  await expect
    .poll(
      async () =>
        (
          await sql`select count(*)::int as n from mail_outbox
                    where lower(to_address) = ${body.contact.email} and tag = 'confirmation_email'`
        )[0].n,
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);

  // The traveler signs in with the e-mail they booked with and takes the itinerary and a pass.
  await page.context().clearCookies();
  await signInByEmail(page, body.contact.email);
  await page.goto(`/bookings/${answer.reference}`);
  const itinerary = page.getByRole("list", { name: "Documents" }).getByRole("link", { name: /Itinerary/ });
  await expect(itinerary).toBeVisible({ timeout: 30_000 });
  const pdf = await page.context().request.get((await itinerary.getAttribute("href"))!);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  const passes = page.getByRole("list", { name: "Apple Wallet passes" }).getByRole("link");
  await expect(passes).toHaveCount(4); // two segments × two travelers
  await expect(page.getByRole("note")).toContainText("Development pass");
  const download = page.waitForEvent("download");
  await passes.first().click();
  const file = await (await download).path();
  const zip = unzipSync(readFileSync(file));

  const pass = JSON.parse(Buffer.from(zip["pass.json"]).toString()) as {
    boardingPass: { transitType: string };
    barcodes?: { message: string }[];
    barcode?: { message: string };
  };
  expect(pass.boardingPass.transitType).toBe("PKTransitTypeAir");
  expect(pass.barcodes?.[0]?.message ?? pass.barcode?.message).toContain(answer.reference);
  const manifest = JSON.parse(Buffer.from(zip["manifest.json"]).toString()) as Record<string, string>;
  for (const [name, sha1] of Object.entries(manifest))
    expect(createHash("sha1").update(zip[name]).digest("hex"), name).toBe(sha1);

  // The detached PKCS#7 signature over manifest.json verifies against the development CA that
  // issued the signer (the app servers' .data/wallet), and names that signer.
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-pass-"));
  try {
    writeFileSync(path.join(dir, "manifest.json"), zip["manifest.json"]);
    writeFileSync(path.join(dir, "signature"), zip["signature"]);
    const wallet = path.join(process.cwd(), ".data", "wallet");
    execFileSync("openssl", [
      "smime",
      "-verify",
      "-binary",
      "-inform",
      "DER",
      "-purpose",
      "any",
      "-in",
      path.join(dir, "signature"),
      "-content",
      path.join(dir, "manifest.json"),
      "-CAfile",
      path.join(wallet, "wwdr.pem"),
      "-out",
      "/dev/null",
    ]);
    const signers = execFileSync("openssl", [
      "pkcs7",
      "-inform",
      "DER",
      "-in",
      path.join(dir, "signature"),
      "-print_certs",
    ]).toString();
    const der = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, "");
    expect(der(signers)).toContain(der(readFileSync(path.join(wallet, "signer.pem"), "utf8")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
