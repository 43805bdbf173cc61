// The app's real functions on the local job server, as inngest/local-app.ts serves them, plus what
// fault tests need: a short retry backoff (so a provider that keeps failing reaches its final
// attempt in milliseconds, not Inngest's 10 s, 20 s, 40 s…) and a clock the test can move forward
// (a one-minute Retry-After passes at once). Also a server restart on the same database.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { provideDb, type Db } from "@/db/client";
import { startLocalInngest, type LocalInngest } from "@/server/jobs/local-server";
import { generateEventKey, generateSigningKey } from "@/server/jobs/signing";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";
import { createWebhookFastPath } from "@/server/webhooks/fast-path";

export async function startFaultApp(db: Db, opts: { only?: string[]; relay?: boolean; leaseMs?: number } = {}) {
  provideDb(db);
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const signingKey = generateSigningKey(), eventKey = generateEventKey();
  let handler: RequestListener = (_req, res) => { res.statusCode = 503; res.end(); };
  const http = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  const appUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const base = { db, appUrl, signingKey, eventKey, pollMs: 10, now, backoff: () => 30, log: () => {}, ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}) };
  let server: LocalInngest = await startLocalInngest(base);
  const port = Number(new URL(server.url).port);
  Object.assign(process.env, { INNGEST_BASE_URL: server.url, INNGEST_SIGNING_KEY: signingKey, INNGEST_EVENT_KEY: eventKey });
  delete process.env.INNGEST_DEV;
  const { inngest, functions: all } = await import("@/inngest");
  const functions = opts.only ? all.filter((f) => opts.only!.includes(f.id())) : all;
  const inngestHandler = serve({ client: inngest, functions }) as RequestListener;
  const webhooks = createWebhookFastPath(db);
  handler = (req, res) => { void webhooks(req, res).then((done) => { if (!done) inngestHandler(req, res); }); };
  const sync = await fetch(`${appUrl}/api/inngest`, { method: "PUT" });
  if (!sync.ok) throw new Error(`sync failed: ${sync.status} ${await sync.text()}`);
  const relay = opts.relay === false ? null : startOutboxRelay(db, (e) => inngest.send(e), { idleMs: 20 });
  return {
    appUrl, inngest,
    get server() { return server; },
    /** The job server's clock jumps forward (sleeps, Retry-After and backoff fall due). */
    advance(ms: number) { offsetMs += ms; },
    /** A new job server on the same port and database, e.g. after `server.stop({ abandon: true })`. */
    async restartServer() {
      server = await startLocalInngest({ ...base, port });
      return server;
    },
    async close() {
      await relay?.stop();
      // Teardown: leave any call still in flight (a faulted step may be waiting on its retry) rather than wait for it.
      await server.stop({ abandon: true });
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
