// Import runs (docs/architecture.md, "Imports"): start one, read it, list them for the console,
// and its error file, streamed a page at a time.
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { importRowErrors, importRuns } from "@/db/schema";
import type { ImportSource } from "@/server/domain/intake/import-v1";
import { IMPORT_CLIENT_ID } from "@/server/services/api-clients/import-client";

export type ImportRun = typeof importRuns.$inferSelect;

export async function startImportRun(
  db: Db | Tx,
  run: { source: ImportSource; fileName: string; filePath?: string; linesTotal?: number; createdBy?: string },
): Promise<ImportRun> {
  const [row] = await db
    .insert(importRuns)
    .values({ clientId: IMPORT_CLIENT_ID, status: "running", ...run })
    .returning();
  return row;
}

export async function getImportRun(db: Db, id: string): Promise<ImportRun | null> {
  const [row] = await db.select().from(importRuns).where(eq(importRuns.id, id));
  return row ?? null;
}

/** The newest runs first (the console's list; a handful a week, so one page). */
export function listImportRuns(db: Db, limit = 50) {
  return db
    .select()
    .from(importRuns)
    .orderBy(desc(importRuns.startedAt), desc(importRuns.id))
    .limit(Math.min(Math.max(limit, 1), 200));
}

/** A run that stopped: why, and where (its `lines_done` stays the resume point). */
export async function failImportRun(db: Db, id: string, why: string) {
  await db
    .update(importRuns)
    .set({ status: "failed", failure: why.slice(0, 1000), finishedAt: new Date() })
    .where(and(eq(importRuns.id, id), eq(importRuns.status, "running")));
}

/** The run's error file, one NDJSON line `{ line, key, message }` per refused line, in line order. */
export async function* importErrorsNdjson(db: Db, runId: string, pageSize = 1000): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const page = await db
      .select({ line: importRowErrors.lineNo, key: importRowErrors.rowKey, message: importRowErrors.message })
      .from(importRowErrors)
      .where(and(eq(importRowErrors.runId, runId), gt(importRowErrors.lineNo, after)))
      .orderBy(asc(importRowErrors.lineNo))
      .limit(pageSize);
    for (const e of page) yield `${JSON.stringify(e)}\n`;
    if (page.length < pageSize) return;
    after = page[page.length - 1].line;
  }
}
