import { createReadStream } from "node:fs";
import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { importNdjson } from "@/server/services/intake/import-bookings";
import { removeImportFile } from "@/server/services/intake/import-file";
import { failImportRun, getImportRun } from "@/server/services/intake/import-runs";
import { inngest } from "../client";

/** Lines one step writes: a step stays well inside a call's time, and a retry redoes at most this. */
const LINES_PER_STEP = 5_000;

/**
 * A console import (docs/architecture.md, "Imports"): the uploaded file, stored under
 * .data/imports/, is imported a share of lines per step. Each step resumes the run from its
 * `lines_done`, so a step killed mid-way (or a retried run) repeats nothing; the file is removed
 * once the run is done. One run per upload.
 */
export const importBookingsFn = inngest.createFunction(
  {
    id: "import-bookings",
    name: "Import bookings from an uploaded NDJSON file",
    triggers: [{ event: events.importUploaded }],
    idempotency: "event.data.runId",
    concurrency: { key: "event.data.runId", limit: 1 },
    retries: 5,
    onFailure: async ({ event, error }) => {
      await failImportRun(getDb(), event.data.event.data.runId as string, error.message);
    },
  },
  async ({ event, step }) => {
    const runId = event.data.runId;
    for (;;) {
      const p = await step.run("import", async () => {
        const run = await getImportRun(getDb(), runId);
        if (!run?.filePath) throw new Error(`import run ${runId} has no stored file`);
        if (run.status === "done") return { status: run.status, linesDone: run.linesDone };
        const r = await importNdjson(getDb(), {
          runId,
          stream: createReadStream(run.filePath),
          source: run.source,
          fileName: run.fileName,
          maxLines: LINES_PER_STEP,
        });
        return { status: r.status, linesDone: r.linesDone };
      });
      if (p.status === "done") break;
    }
    await step.run("remove the file", async () => {
      const run = await getImportRun(getDb(), runId);
      if (run?.filePath) await removeImportFile(run.filePath);
    });
    return { runId };
  },
);
