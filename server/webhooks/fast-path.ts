import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { readNodeBody, sendJson } from "@/server/http/body-limit";
import { createGroupCommit, type GroupCommitOptions } from "@/db/group-commit";
import {
  MAX_WEBHOOK_BYTES,
  storedReply,
  tooLarge,
  unavailable,
  verifyWebhook,
  type IngestReply,
} from "@/server/services/webhooks/ingest";
import { createProviderSecrets, type ProviderSecrets } from "@/server/services/webhooks/provider-secrets";
import { SIGNATURE_HEADER } from "@/server/services/webhooks/signature";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import type { VerifiedWebhook } from "@/server/services/webhooks/envelope";

const ROUTE = /^\/api\/webhooks\/providers\/([^/?#]+)\/?(?:\?.*)?$/;

export type WebhookFastPath = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  /** Waits until every accepted webhook has been answered (for shutdown and tests). */
  drain(): Promise<void>;
};

/**
 * `POST /api/webhooks/providers/:provider` served on node:http ahead of Next's router
 * (docs/architecture.md, "Process layout"): the same verify-and-store code as the Next route,
 * with group commit, because Next's per-request cost alone keeps ingest below its target. Every 2xx is sent after the commit.
 * Resolves false, having touched nothing, for any other request (other methods on this path too:
 * Next answers those), so the caller hands it on.
 */
export function createWebhookFastPath(
  db: Db,
  opts: { groupCommit?: GroupCommitOptions; secrets?: ProviderSecrets; nowSeconds?: () => number } = {},
): WebhookFastPath {
  const secrets = opts.secrets ?? createProviderSecrets(db);
  const batcher = createGroupCommit((events: VerifiedWebhook[]) => storeWebhooks(db, events), opts.groupCommit);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "POST" || !req.url) return false;
    const match = ROUTE.exec(req.url);
    if (!match) return false;
    let provider: string;
    try {
      provider = decodeURIComponent(match[1]);
    } catch {
      provider = "";
    }

    const body = await readNodeBody(req, MAX_WEBHOOK_BYTES);
    if (body === null) {
      send(res, tooLarge(), true);
      return true;
    }
    let reply: IngestReply;
    try {
      const signature = req.headers[SIGNATURE_HEADER];
      const verified = await verifyWebhook(secrets, {
        provider,
        body,
        signature: Array.isArray(signature) ? signature[0] : signature,
        nowSeconds: opts.nowSeconds?.(),
      });
      reply = verified.ok ? storedReply(await batcher.submit(verified.event)) : verified.reply;
    } catch (e) {
      console.error("webhook ingest failed:", e instanceof Error ? e.message : e);
      reply = unavailable();
    }
    send(res, reply);
    return true;
  };
  return Object.assign(handle, { drain: () => batcher.drain() });
}

function send(res: ServerResponse, reply: IngestReply, close = false) {
  sendJson(res, reply.status, reply.body, close ? { connection: "close" } : {});
}
