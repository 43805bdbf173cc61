// Provider payouts in the console (issue 23 item 4), for the ops role only:
// `POST /api/ops/providers/[code]/statements` takes a statement CSV as the raw body (its name in
// `X-File-Name`), streamed through the parser with the upload cap and matched at once;
// `GET …/ledger` is our ledger of the provider as CSV; `GET …/sandbox-statement?from&to&currency`
// is a sandbox provider's own statement for a period (with its deliberate differences).
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { providers } from "@/db/schema";
import { actorLabel, opsActor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { calendarDate } from "@/server/domain/input";
import { isCurrency } from "@/server/domain/money";
import { auth } from "@/server/auth";
import { MAX_UPLOAD_BYTES, tooLargeMessage } from "@/server/http/body-limit";
import { UploadTooLarge } from "@/server/services/intake/import-file";
import { ledgerCsv } from "@/server/services/payouts/export-ledger";
import { capBytes, importStatement } from "@/server/services/payouts/import-statement";
import { sandboxStatementCsv } from "@/server/providers/sandbox/statement";
import { providerCodePattern } from "@/server/domain/statements/types";

type Params = { params: Promise<{ code: string }> };

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

async function operator(): Promise<{ label: string } | Response> {
  const u = (await auth())?.user;
  if (!u) return json(401, { error: "unauthorized", message: "Sign in to the console first" });
  if (u.role !== "ops") return json(403, { error: "forbidden", message: "Payouts are for the console's operators" });
  return { label: actorLabel(opsActor(u.email || u.id)) };
}

const domainStatus = { not_found: 404, conflict: 409, invalid_transition: 409 } as Record<string, number>;

export async function POST_STATEMENT(req: Request, { params }: Params) {
  const who = await operator();
  if (who instanceof Response) return who;
  const { code } = await params;
  if (!providerCodePattern.test(code)) return json(404, { error: "not_found", message: "There is no such provider" });
  // A custom header no form can send: a page on another site cannot post here with the session.
  const name = req.headers.get("x-file-name");
  if (!name)
    return json(400, { error: "invalid_request", message: "Send the file as the body with its name in X-File-Name" });
  if (Number(req.headers.get("content-length")) > MAX_UPLOAD_BYTES)
    return json(413, { error: "too_large", message: tooLargeMessage(MAX_UPLOAD_BYTES) });
  if (!req.body) return json(400, { error: "invalid_request", message: "The file is empty" });
  const source = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
  const csv = source.pipe(capBytes(MAX_UPLOAD_BYTES, () => new UploadTooLarge()));
  source.on("error", (e) => csv.destroy(e));
  try {
    const result = await importStatement(getDb(), {
      providerCode: code,
      csv,
      fileName: decodeURIComponent(name).slice(0, 200),
      importedBy: who.label,
    });
    return json(result.alreadyImported ? 200 : 201, result);
  } catch (e) {
    if (e instanceof UploadTooLarge)
      return json(413, { error: "too_large", message: tooLargeMessage(MAX_UPLOAD_BYTES) });
    if (e instanceof DomainError)
      return json(domainStatus[e.code] ?? 400, { error: e.code, message: e.message, ...e.details });
    throw e;
  }
}

function csvResponse(lines: AsyncGenerator<string>, fileName: string) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]+/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

async function providerOf(code: string) {
  if (!providerCodePattern.test(code)) return null;
  const [p] = await getDb().select().from(providers).where(eq(providers.code, code));
  return p ?? null;
}

export async function GET_LEDGER(_req: Request, { params }: Params) {
  const who = await operator();
  if (who instanceof Response) return who;
  const { code } = await params;
  if (!(await providerOf(code))) return json(404, { error: "not_found", message: "There is no such provider" });
  return csvResponse(ledgerCsv(getDb(), code), `${code}-ledger.csv`);
}

export async function GET_SANDBOX_STATEMENT(req: Request, { params }: Params) {
  const who = await operator();
  if (who instanceof Response) return who;
  const { code } = await params;
  const p = await providerOf(code);
  if (!p) return json(404, { error: "not_found", message: "There is no such provider" });
  if (p.adapter !== "sandbox")
    return json(400, {
      error: "invalid_request",
      message: `${code} is not a sandbox provider: ask it for its statement`,
    });
  const q = new URL(req.url).searchParams;
  const from = calendarDate.safeParse(q.get("from"));
  const to = calendarDate.safeParse(q.get("to"));
  const currency = q.get("currency") ?? "";
  if (!from.success) return json(400, { error: "invalid_request", message: `from: ${from.error.issues[0].message}` });
  if (!to.success) return json(400, { error: "invalid_request", message: `to: ${to.error.issues[0].message}` });
  if (from.data > to.data)
    return json(400, { error: "invalid_request", message: "to: the period ends before it starts" });
  if (!isCurrency(currency))
    return json(400, {
      error: "invalid_request",
      message: `currency: "${currency.slice(0, 10)}" is not a currency we know`,
    });
  const input = { providerCode: code, currency, from: from.data, to: to.data };
  return csvResponse(sandboxStatementCsv(getDb(), input), `${code}-statement-${from.data}-${to.data}.csv`);
}
