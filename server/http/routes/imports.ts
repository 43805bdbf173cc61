// Console imports (docs/architecture.md, "Imports"): `POST /api/v1/imports` takes an NDJSON file
// (the raw body, its name in `X-File-Name`) from a signed-in operator, streams it to .data/imports/
// with the upload cap, and starts the import job; `GET /api/v1/imports/[id]/errors` is the run's
// error file. Both are for the ops role only.
import { getDb } from "@/db/client";
import { actorLabel, opsActor } from "@/server/domain/actor";
import { auth } from "@/server/auth";
import { MAX_UPLOAD_BYTES, tooLargeMessage } from "@/server/http/body-limit";
import { recordEvent } from "@/server/services/events/record-event";
import { removeImportFile, storeUpload, UploadTooLarge } from "@/server/services/intake/import-file";
import { getImportRun, importErrorsNdjson, startImportRun } from "@/server/services/intake/import-runs";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

async function operator(): Promise<{ label: string } | Response> {
  const u = (await auth())?.user;
  if (!u) return json(401, { error: "unauthorized", message: "Sign in to the console first" });
  if (u.role !== "ops") return json(403, { error: "forbidden", message: "Imports are for the console's operators" });
  return { label: actorLabel(opsActor(u.email || u.id)) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function POST(req: Request) {
  const who = await operator();
  if (who instanceof Response) return who;
  // A custom header no form can send: a page on another site cannot post here with the session.
  const name = req.headers.get("x-file-name");
  if (!name)
    return json(400, { error: "invalid_request", message: "Send the file as the body with its name in X-File-Name" });
  const fileName = decodeURIComponent(name).replace(/[\\/]/g, "_").slice(0, 200) || "import.ndjson";
  if (Number(req.headers.get("content-length")) > MAX_UPLOAD_BYTES || !req.body)
    return req.body
      ? json(413, { error: "too_large", message: tooLargeMessage(MAX_UPLOAD_BYTES) })
      : json(400, { error: "invalid_request", message: "The file is empty" });
  let stored: Awaited<ReturnType<typeof storeUpload>>;
  try {
    stored = await storeUpload(req.body, MAX_UPLOAD_BYTES);
  } catch (e) {
    if (e instanceof UploadTooLarge)
      return json(413, { error: "too_large", message: tooLargeMessage(MAX_UPLOAD_BYTES) });
    throw e;
  }
  if (stored.lines === 0) {
    await removeImportFile(stored.file);
    return json(400, { error: "invalid_request", message: "The file is empty" });
  }
  const db = getDb();
  const run = await db.transaction(async (tx) => {
    const r = await startImportRun(tx, {
      source: "console",
      fileName,
      filePath: stored.file,
      linesTotal: stored.lines,
      createdBy: who.label,
    });
    await recordEvent(tx, "import/uploaded", { runId: r.id });
    return r;
  });
  return json(202, { runId: run.id, linesTotal: run.linesTotal, errors: `/api/v1/imports/${run.id}/errors` });
}

export async function GET_ERRORS(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await operator();
  if (who instanceof Response) return who;
  const { id } = await params;
  const db = getDb();
  const run = UUID.test(id) ? await getImportRun(db, id) : null;
  if (!run) return json(404, { error: "not_found", message: `There is no import run ${id}` });
  const lines = importErrorsNdjson(db, id);
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
  const base = run.fileName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_") || "import";
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${base}-errors.ndjson"`,
      "cache-control": "no-store",
    },
  });
}
