import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { MAX_JSON_BODY_BYTES, readNodeBody, sendJson } from "@/server/http/body-limit";
import { answerIntake, intakeTooLarge } from "@/server/http/routes/intake";
import { SIGNATURE_HEADER_INTAKE } from "@/server/services/api-clients/authenticate";
import { commitGrouped } from "@/server/services/intake/store-intakes";
import type { GroupCommitOptions } from "@/db/group-commit";

const ROUTE = /^\/api\/v1\/bookings\/?(?:\?.*)?$/;
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/**
 * `POST /api/v1/bookings` on node:http ahead of Next's router (docs/architecture.md, "Process
 * layout"), with the same `answerIntake` as the Next route, and group commit: the intake's
 * throughput target leaves no room for Next's per-request cost or a commit per booking. Resolves false, touching nothing, for any other request.
 */
export function createIntakeFastPath(db: Db, opts: { groupCommit?: GroupCommitOptions } = {}) {
  const commit = commitGrouped(db, { maxInFlight: 3, ...opts.groupCommit }); // 3 measured best (bench/intake.ts)
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "POST" || !req.url || !ROUTE.test(req.url)) return false;
    const bytes = await readNodeBody(req, MAX_JSON_BODY_BYTES);
    const reply =
      bytes === null
        ? intakeTooLarge()
        : await answerIntake(
            db,
            {
              authorization: header(req.headers.authorization),
              signature: header(req.headers[SIGNATURE_HEADER_INTAKE]),
              contentType: header(req.headers["content-type"]),
              bytes,
            },
            commit,
          );
    sendJson(res, reply.status, reply.body, { ...reply.headers, ...(bytes === null ? { connection: "close" } : {}) });
    return true;
  };
}
