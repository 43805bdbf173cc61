// Tests and benches: the app's real functions served by the SDK's own handler behind the webhook
// fast path (as scripts/server.ts mounts them), on an ephemeral port, driven by a local
// Inngest-compatible server on the given database, and synced through the SDK's own PUT.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { provideDb, type Db } from "@/db/client";
import { startLocalInngest } from "@/server/jobs/local-server";
import { generateEventKey, generateSigningKey } from "@/server/jobs/signing";
import { createWebhookFastPath } from "@/server/webhooks/fast-path";

/** `only`: serve just these function ids (a bench measuring one flow without its downstream consumers). */
export async function startLocalApp(db: Db, opts: { pollMs?: number; only?: string[] } = {}) {
  provideDb(db);
  const signingKey = generateSigningKey(), eventKey = generateEventKey();
  let handler: RequestListener = (_req, res) => { res.statusCode = 503; res.end(); };
  const app = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const server = await startLocalInngest({ db, appUrl, signingKey, eventKey, pollMs: opts.pollMs ?? 20 });
  // The SDK reads these when the client is created, as the app's does from its environment.
  Object.assign(process.env, { INNGEST_BASE_URL: server.url, INNGEST_SIGNING_KEY: signingKey, INNGEST_EVENT_KEY: eventKey });
  delete process.env.INNGEST_DEV;
  const { inngest, functions: all } = await import("@/inngest");
  const functions = opts.only ? all.filter((f) => opts.only!.includes(f.id())) : all;
  const inngestHandler = serve({ client: inngest, functions }) as RequestListener;
  const webhooks = createWebhookFastPath(db);
  handler = (req, res) => { void webhooks(req, res).then((done) => { if (!done) inngestHandler(req, res); }); };
  const sync = await fetch(`${appUrl}/api/inngest`, { method: "PUT" });
  if (!sync.ok) throw new Error(`sync failed: ${sync.status} ${await sync.text()}`);
  return {
    appUrl, inngest,
    async close() {
      await server.stop();
      app.closeAllConnections();
      await new Promise<void>((r) => app.close(() => r()));
    },
  };
}
