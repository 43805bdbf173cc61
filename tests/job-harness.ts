// Test support (not used by the app): a real app serving functions with the SDK's own `serve`
// from inngest/node on an ephemeral port, and the local server it talks to.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import type { Db } from "@/db/client";
import { startLocalInngest, type LocalInngest, type LocalInngestOptions } from "@/server/jobs/local-server";
import { generateEventKey, generateSigningKey } from "@/server/jobs/signing";

export type Harness = {
  appUrl: string;
  server: LocalInngest;
  inngest: Inngest;
  signingKey: string;
  eventKey: string;
  /** Serves these functions and syncs them through the SDK's own PUT. */
  serveFunctions(fns: InngestFunction.Any[]): Promise<void>;
  /** Starts another local server on the same port and database (e.g. after a simulated crash). */
  restartServer(extra?: Partial<LocalInngestOptions>): Promise<LocalInngest>;
  close(): Promise<void>;
};

export async function startHarness(db: Db, extra: Partial<LocalInngestOptions> = {}): Promise<Harness> {
  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const app = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const signingKey = generateSigningKey(),
    eventKey = generateEventKey();
  const base = { db, appUrl, signingKey, eventKey, pollMs: 20, backoff: () => 50, ...extra };
  let server = await startLocalInngest(base);
  const port = Number(new URL(server.url).port);
  const inngest = new Inngest({
    id: "test-app",
    baseUrl: server.url,
    signingKey,
    eventKey,
    isDev: false,
    logger: quietLogger,
  });
  const h: Harness = {
    appUrl,
    inngest,
    signingKey,
    eventKey,
    get server() {
      return server;
    },
    async serveFunctions(fns) {
      handler = serve({ client: inngest, functions: fns }) as RequestListener;
      const res = await fetch(`${appUrl}/api/inngest`, { method: "PUT" });
      if (!res.ok) throw new Error(`sync failed: ${res.status} ${await res.text()}`);
    },
    async restartServer(more = {}) {
      server = await startLocalInngest({ ...base, port, ...more });
      return server;
    },
    async close() {
      await server.stop();
      app.closeAllConnections();
      await new Promise<void>((r) => app.close(() => r()));
    },
  };
  return h;
}

const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** Polls until `check` returns a truthy value (no wall-clock assertions: only a generous timeout). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as T;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
