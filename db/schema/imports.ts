import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import {
  importRunStatuses,
  importSources,
  type ImportRunStatus,
  type ImportSource,
} from "@/server/domain/intake/import-v1";
import { apiClients } from "./api-clients";
import { tz } from "./columns";

/**
 * One NDJSON import of existing bookings (docs/architecture.md, "Imports"): run as the built-in
 * `import` client, one batch per transaction. `lines_done` is the resume point: every line up to
 * it is committed (a booking, a duplicate) or recorded as an error, in the same transaction as the
 * rows it reports.
 */
export const importRuns = pgTable(
  "import_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    clientId: uuid()
      .notNull()
      .references(() => apiClients.id),
    source: varchar({ length: 10 }).$type<ImportSource>().notNull(),
    fileName: text().notNull(),
    /** Where an uploaded file is kept until its run is done (console imports). */
    filePath: text(),
    status: varchar({ length: 10 }).$type<ImportRunStatus>().notNull().default("running"),
    /** Lines in the file, when known before reading it (a count over the stored upload or the CLI's file). */
    linesTotal: integer(),
    linesDone: integer().notNull().default(0),
    created: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    errors: integer().notNull().default(0),
    /** Why a run stopped (failed); the last line it reached is `lines_done`. */
    failure: text(),
    createdBy: text(),
    startedAt: tz().notNull().defaultNow(),
    finishedAt: tz(),
  },
  (t) => [
    check("import_runs_source", sql`${t.source} IN ${sqlList(importSources)}`),
    check("import_runs_status", sql`${t.status} IN ${sqlList(importRunStatuses)}`),
    check(
      "import_runs_counts",
      sql`${t.linesDone} >= 0 AND ${t.created} >= 0 AND ${t.duplicates} >= 0 AND ${t.errors} >= 0`,
    ),
    // The console's list, newest first.
    index("import_runs_started").on(t.startedAt, t.id),
  ],
);

/** A line an import refused, with why: the run's error file (`importErrorsNdjson`). */
export const importRowErrors = pgTable(
  "import_row_errors",
  {
    runId: uuid()
      .notNull()
      .references(() => importRuns.id, { onDelete: "cascade" }),
    lineNo: integer().notNull(),
    /** The row's key (session id, else `platform:<booking id>`) when the line had one. */
    rowKey: text(),
    message: text().notNull(),
  },
  (t) => [unique("import_row_errors_line").on(t.runId, t.lineNo)],
);
