import { listImportRuns } from "@/server/services/intake/import-runs";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

/** Booking imports (docs/architecture.md, "Imports"): the runs, newest first, with their progress. */
export const opsImportsRouter = createTRPCRouter({
  list: opsProcedure.query(async ({ ctx }) =>
    (await listImportRuns(ctx.db)).map(({ filePath: _filePath, clientId: _clientId, ...run }) => run),
  ),
});
