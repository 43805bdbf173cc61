// Tests and benches: the app's real functions served by the SDK's own handler behind the webhook
// fast path (as scripts/server.ts mounts them), on an ephemeral port, driven by a local
// Inngest-compatible server on the given database, and synced through the SDK's own PUT.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { provideDb, type Db } from "@/db/client";
import { type LocalInngest, type LocalInngestOptions, startLocalInngest } from "@/server/jobs/local-server";
import { generateEventKey, generateSigningKey } from "@/server/jobs/signing";
import { createWebhookFastPath } from "@/server/webhooks/fast-path";
import { foreignSyncMessage, isForeignSync, serveSettings } from "./serve";

type ServerOptions = Omit<LocalInngestOptions, "db" | "appUrl" | "signingKey" | "eventKey" | "port">;

/**
 * `only`: serve just these function ids (a bench measuring one flow without its downstream
 * consumers); the rest are the job server's options (poll interval, clock, backoff…).
 */
export async function startLocalApp(db: Db, opts: ServerOptions & { only?: string[] } = {}) {
  const { only, ...serverOptions } = opts;
  provideDb(db);
  const signingKey = generateSigningKey(),
    eventKey = generateEventKey();
  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const http = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  const appUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const base = { db, appUrl, signingKey, eventKey, pollMs: 20, ...serverOptions };
  let server: LocalInngest = await startLocalInngest(base);
  const port = Number(new URL(server.url).port);
  // The SDK reads these when the client is created, as the app's does from its environment.
  Object.assign(process.env, {
    INNGEST_BASE_URL: server.url,
    INNGEST_SIGNING_KEY: signingKey,
    INNGEST_EVENT_KEY: eventKey,
  });
  delete process.env.INNGEST_DEV;
  const { inngest, functions: all } = await import("@/inngest");
  const functions = only ? all.filter((f) => only.includes(f.id())) : all;
  const inngestHandler = serve({ client: inngest, functions, ...serveSettings(appUrl) }) as RequestListener;
  const webhooks = createWebhookFastPath(db);
  handler = (req, res) => {
    // As app/api/inngest/route.ts does.
    if (isForeignSync(req.method, req.headers.host, appUrl)) {
      res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: foreignSyncMessage }));
      return;
    }
    void webhooks(req, res).then((done) => {
      if (!done) inngestHandler(req, res);
    });
  };
  const sync = await fetch(`${appUrl}/api/inngest`, { method: "PUT" });
  if (!sync.ok) throw new Error(`sync failed: ${sync.status} ${await sync.text()}`);
  return {
    appUrl,
    inngest,
    get server() {
      return server;
    },
    /** A new job server on the same port and database, e.g. after `server.stop({ abandon: true })`. */
    async restartServer() {
      server = await startLocalInngest({ ...base, port });
      return server;
    },
    /** `abandon`: leave calls in flight (a faulted step waiting on its retry) instead of waiting for them. */
    async close(o: { abandon?: boolean } = {}) {
      await server.stop(o);
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
