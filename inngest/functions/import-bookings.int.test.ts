import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Session } from "next-auth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importRuns } from "@/db/schema";
import { auth } from "@/server/auth";
import { MAX_UPLOAD_BYTES } from "@/server/http/body-limit";
import { GET_ERRORS, POST } from "@/server/http/routes/imports";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { storeUpload, UploadTooLarge } from "@/server/services/intake/import-file";
import { createTestDb } from "@/tests/db";
import { intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";
import { waitFor } from "@/tests/job-harness";
import { startLocalApp } from "../local-app";

// A console import end to end: the upload route (ops only, streamed to .data/imports/ with its
// cap), the import/uploaded event through the outbox, the import-bookings function on the local
// job server, and the run's error file.

// Uploads go to a temporary data directory (read when db/local-config.ts loads, so set first).
await vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([
    import("node:fs"),
    import("node:os"),
    import("node:path"),
  ]);
  process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "imports-"));
});
vi.mock("@/server/auth", () => {
  const auth = vi.fn(async () => null);
  return { auth, currentSession: () => auth() };
});
const signIn = (role: "ops" | "traveler" | null) =>
  vi
    .mocked(auth as unknown as () => Promise<Session | null>)
    .mockResolvedValue(
      role
        ? ({ user: { id: `u-${role}`, email: `${role}@example.com`, role }, expires: "2099-01-01" } as Session)
        : null,
    );

const db = await createTestDb();
const { inngest, close } = await startLocalApp(db, { only: ["import-bookings"] });
afterAll(() => close());
beforeAll(() => seedIntakeProviders(db));

const relay = async () => {
  while ((await relayOutbox(db, (events) => inngest.send(events))).sent > 0);
};

const upload = (text: string, headers: Record<string, string> = { "x-file-name": "platform%20export.ndjson" }) =>
  POST(
    new Request("http://localhost/api/v1/imports", {
      method: "POST",
      headers,
      body: text,
      duplex: "half",
    } as RequestInit),
  );

function fileOf(prefix: string, size: number, bad: readonly number[]) {
  return Array.from({ length: size }, (_, i) => {
    const b = intakeBody(`${prefix}x${i + 1}`);
    const line = { ...b, status: "confirmed", items: b.items.map((it) => ({ ...it, status: "confirmed" })) };
    return JSON.stringify(bad.includes(i + 1) ? { ...line, status: "disputed" } : line);
  }).join("\n");
}

describe("console imports", () => {
  it("is for operators only", async () => {
    signIn(null);
    expect((await upload("{}")).status).toBe(401);
    signIn("traveler");
    expect((await upload("{}")).status).toBe(403);
    const res = await GET_ERRORS(new Request("http://localhost/x"), {
      params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000009" }),
    });
    expect(res.status).toBe(403);
  });

  it("refuses a file past the upload cap with 413 naming it, and one without its name header", async () => {
    signIn("ops");
    const big = await upload("x", { "x-file-name": "big.ndjson", "content-length": String(MAX_UPLOAD_BYTES + 1) });
    expect(big.status).toBe(413);
    expect((await big.json()).message).toContain("100 MB");
    expect((await upload("x", {})).status).toBe(400);
    // Streamed past the cap without a declared length: stopped there, nothing left on disk.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(1000).fill(0x61));
        c.close();
      },
    });
    await expect(storeUpload(chunks, 2500)).rejects.toBeInstanceOf(UploadTooLarge);
    const dir = path.join(process.env.DATA_DIR!, "imports");
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it("uploads, imports in the job, removes the file, and serves the error file", async () => {
    signIn("ops");
    const prefix = `up${Date.now().toString(36)}`;
    const res = await upload(fileOf(prefix, 120, [7, 88]));
    expect(res.status).toBe(202);
    const { runId, linesTotal } = (await res.json()) as { runId: string; linesTotal: number };
    expect(linesTotal).toBe(120);
    await relay();
    const run = await waitFor(
      async () => {
        const [r] = await db.select().from(importRuns).where(eq(importRuns.id, runId));
        return r.status === "done" && !existsSync(r.filePath!) ? r : null;
      },
      30_000,
      "the run done",
    );
    expect(run).toMatchObject({
      source: "console",
      fileName: "platform export.ndjson",
      linesDone: 120,
      created: 118,
      errors: 2,
      createdBy: "ops@example.com",
    });
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from bookings where contact_email like ${`%${prefix}%`}`,
    );
    expect(n).toBe(118);

    const errors = await GET_ERRORS(new Request("http://localhost/x"), { params: Promise.resolve({ id: runId }) });
    expect(errors.status).toBe(200);
    expect(errors.headers.get("content-type")).toContain("application/x-ndjson");
    expect(errors.headers.get("content-disposition")).toContain("platform_export-errors.ndjson");
    const lines = (await errors.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.key])).toEqual([
      [7, `cs_test_${prefix}x7`],
      [88, `cs_test_${prefix}x88`],
    ]);
    expect(lines[0].message).toContain("disputed");
  });
});
