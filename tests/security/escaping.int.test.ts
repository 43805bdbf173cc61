import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { DocumentsList } from "@/components/documents-list";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { documents } from "@/db/schema";
import { renderEmail } from "@/emails";
import { localDocumentStorage } from "@/server/documents/storage";
import { commTypes } from "@/server/domain/statuses";
import { renderCommunication } from "@/server/services/comms/render-communication";
import { generateDocuments } from "@/server/services/documents/generate-documents";
import { insertTestBooking } from "@/tests/fixtures/documents";
import { createTestDb } from "@/tests/db";

// HTML and script typed by travelers (names, requests, reasons) or arriving from providers comes
// out as text wherever it is shown: e-mails, PDFs, console and portal components.

const xss = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
const db = await createTestDb();
const booking = await insertTestBooking(db, {
  travelers: [
    { firstName: `Eve ${xss}`, lastName: `Mallory"><svg onload=alert(2)>`, type: "adult" },
    { firstName: "Ola", lastName: "Nordmann", type: "adult" },
  ],
});

/** No element or attribute came from a payload; its text is there, escaped (the control). */
function expectEscaped(html: string) {
  expect(html).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).not.toMatch(/<svg[^>]*onload/i);
  expect(html).toContain("&lt;script&gt;");
}

describe("e-mails rendered from stored data", () => {
  it.each(commTypes.map((t) => [t]))("%s: payloads in names and free text are escaped", async (type) => {
    const r = await renderCommunication(db, {
      bookingId: booking.bookingId,
      type,
      templateId: null,
      templateData: {
        summary: xss,
        reason: xss,
        change: xss,
        message: xss,
        expectedBy: xss,
        currency: "EUR",
        refundMinor: 100,
        feeMinor: 0,
        amountMinor: 100,
      },
    });
    expectEscaped(r.email.html);
    // The subject goes into a mail header: no line breaks, whatever a name holds.
    expect(r.email.subject).not.toMatch(/[\r\n]/);
  });

  it("the sign-in template escapes a hostile link", async () => {
    const signIn = await renderEmail({
      id: "sign_in",
      props: {
        url: `http://localhost:3000/api/auth/callback/email?token="><script>alert(1)</script>`,
        appUrl: "http://localhost:3000",
      },
    });
    expect(signIn.html).not.toMatch(/<script\b/i);
  });
});

describe("PDF documents", () => {
  it("print payloads as literal text and carry no script or auto-action", async () => {
    const storage = localDocumentStorage(await mkdtemp(path.join(tmpdir(), "escaping-docs-")));
    await generateDocuments(db, booking.bookingId, { storage });
    const rows = await db.select().from(documents).where(eq(documents.bookingId, booking.bookingId));
    expect(rows.length).toBeGreaterThan(2);
    for (const d of rows) {
      const bytes = (await storage.get(d.storageKey))!;
      const raw = Buffer.from(bytes).toString("latin1");
      expect(raw, d.kind).not.toMatch(/\/(JavaScript|JS|OpenAction|Launch|AA|SubmitForm|ImportData)\b/);
      if (d.kind === "itinerary") {
        const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
        expect(text).toContain(`<script>alert("x")</script>`); // shown as the traveler typed it, not dropped
      }
    }
  });
});

describe("console and portal components", () => {
  it("DataTable, PageHeader and Badge print cell text escaped", () => {
    const html = renderToString(
      h(
        "div",
        null,
        h(PageHeader, { title: xss }),
        h(Badge, { value: xss }),
        h(DataTable<{ id: string; name: string }>, {
          rows: [{ id: "1", name: xss }],
          rowKey: (r) => r.id,
          columns: [{ header: xss, cell: (r) => r.name }],
        }),
        h(DataTable<{ id: string }>, { rows: [], rowKey: (r) => r.id, columns: [], empty: xss }),
      ),
    );
    expectEscaped(html);
  });

  it("the documents list escapes item titles and traveler names", () => {
    const html = renderToString(
      h(DocumentsList, {
        docs: [
          {
            id: "d1",
            kind: "voucher",
            version: 1,
            createdAt: new Date("2030-01-01T00:00:00Z"),
            sizeBytes: 2048,
            itemId: "i1",
            itemTitle: xss,
            itemStatus: "confirmed",
            traveler: `Eve ${xss}`,
            href: "/api/documents/d1",
          },
        ],
      }),
    );
    expectEscaped(html);
  });
});

describe("source scan", () => {
  async function* tsx(dir: string): AsyncGenerator<string> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) yield* tsx(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
    }
  }

  it("no raw HTML sinks: no dangerouslySetInnerHTML, and every srcDoc iframe is sandboxed without scripts", async () => {
    const found: string[] = [];
    for (const root of ["app", "components", "emails"]) {
      for await (const f of tsx(path.resolve(root))) {
        const src = await readFile(f, "utf8");
        if (/dangerouslySetInnerHTML|\.innerHTML\s*=|document\.write\(/.test(src)) found.push(`${f}: raw HTML`);
        for (const m of src.matchAll(/<iframe[^>]*>/g))
          if (/srcDoc=/.test(m[0]) && !/sandbox=""/.test(m[0])) found.push(`${f}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
