// What runs beside Next.js in the launcher's process (docs/architecture.md, "Process layout"): the outbox relay
// and, unless a real Inngest is configured, the local Inngest-compatible server.
import { request } from "node:http";
import type { Db } from "@/db/client";
import { ensureLocalConfig } from "@/db/local-config";
import { startLocalInngest } from "@/server/jobs/local-server";
import { env as appEnv } from "@/server/env";
import { deliverLocalGatewayEvents } from "@/server/payments";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";

export type Background = {
  /** Environment for the Next.js process, so its SDK talks to the same Inngest. */
  env: Record<string, string>;
  /** Once the app listens: sync its functions (the SDK's own PUT), start relaying. */
  appStarted(): Promise<void>;
  stop(): Promise<void>;
};

/** A real Inngest is configured: a dev server (INNGEST_DEV) or event + signing keys (Cloud or self-hosted). */
export const usesExternalInngest = (env = process.env) =>
  !!env.INNGEST_DEV || !!(env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY);

/**
 * `appUrl`: where this process reaches the app server (and the local job server calls it);
 * `publicUrl`: the app's APP_URL, the only host /api/inngest accepts a sync through (inngest/serve.ts).
 */
export async function startBackground(
  db: Db,
  appUrl: string,
  log: (s: string) => void,
  publicUrl = appUrl,
): Promise<Background> {
  let env: Record<string, string> = {};
  let stopServer = async () => {};
  const external = usesExternalInngest(); // decided before the local keys join process.env below
  if (!external) {
    const { inngestSigningKey: signingKey, inngestEventKey: eventKey } = ensureLocalConfig();
    const server = await startLocalInngest({
      db,
      appUrl,
      signingKey,
      eventKey,
      port: Number(process.env.INNGEST_LOCAL_PORT ?? 0),
    });
    env = { INNGEST_BASE_URL: server.url, INNGEST_SIGNING_KEY: signingKey, INNGEST_EVENT_KEY: eventKey };
    stopServer = server.stop;
    log(`local Inngest-compatible server on ${server.url} (runs: /ops/jobs)`);
  } else log("jobs run on the configured Inngest server");
  // The SDK reads its settings when the client is created: set them first, then load it.
  Object.assign(process.env, env);
  const { inngest } = await import("@/inngest/client");
  let relay: { stop(): Promise<void> } | null = null;
  let gatewayTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  return {
    env,
    async appStarted() {
      // Sync first, then publish: an event that reaches the job server before the functions it
      // triggers are registered starts nothing (on a first start, the outbox already holds events).
      if (!external || process.env.INNGEST_DEV) await syncFunctions(appUrl, new URL(publicUrl).host, log); // Cloud syncs from its own dashboard or deploy hook
      if (stopped) return;
      relay = startOutboxRelay(db, (events) => inngest.send(events), {
        onError: (e) => log(`outbox relay: ${e instanceof Error ? e.message : e}`),
      });
      // Without Stripe, the local gateway's events reach our Stripe webhook route as Stripe's would.
      if (!appEnv.STRIPE_SECRET_KEY) gatewayTimer = startGatewayDelivery(db, appUrl, log);
    },
    async stop() {
      stopped = true;
      if (gatewayTimer) clearInterval(gatewayTimer);
      await relay?.stop();
      await stopServer();
    },
  };
}

/** The SDK's own sync (PUT /api/inngest), retried while the app server comes up. */
async function syncFunctions(appUrl: string, host: string, log: (s: string) => void) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const status = await putWithHost(new URL("/api/inngest", appUrl), host).catch(() => 0);
    if (status >= 200 && status < 300) {
      log("functions synced");
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log("could not sync functions with the job server: /api/inngest did not answer");
}

/** fetch() would send appUrl's host; the sync must come through APP_URL's. */
function putWithHost(url: URL, host: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

function startGatewayDelivery(db: Db, appUrl: string, log: (s: string) => void): NodeJS.Timeout {
  let busy = false;
  const post = async (body: string, signature: string) =>
    (
      await fetch(new URL("/api/webhooks/stripe", appUrl), {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "stripe-signature": signature },
      })
    ).status;
  return setInterval(() => {
    if (busy) return;
    busy = true;
    deliverLocalGatewayEvents(db, post)
      .catch((e) => log(`local gateway events: ${e instanceof Error ? e.message : e}`))
      .finally(() => {
        busy = false;
      });
  }, 2000);
}
