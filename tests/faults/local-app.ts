// The app's real functions on the local job server (inngest/local-app.ts), plus what fault tests
// need: a short retry backoff (so a provider that keeps failing reaches its final attempt in
// milliseconds, not Inngest's 10 s, 20 s, 40 s…), a clock the test can move forward (a one-minute
// Retry-After passes at once), the outbox relay, and a server restart on the same database.
import type { Db } from "@/db/client";
import { startLocalApp } from "@/inngest/local-app";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";

export async function startFaultApp(db: Db, opts: { only?: string[]; relay?: boolean; leaseMs?: number } = {}) {
  let offsetMs = 0;
  const app = await startLocalApp(db, {
    only: opts.only,
    pollMs: 10,
    now: () => new Date(Date.now() + offsetMs),
    backoff: () => 30,
    log: () => {},
    ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
  });
  const relay = opts.relay === false ? null : startOutboxRelay(db, (e) => app.inngest.send(e), { idleMs: 20 });
  return {
    appUrl: app.appUrl,
    inngest: app.inngest,
    get server() {
      return app.server;
    },
    restartServer: app.restartServer,
    /** The job server's clock jumps forward (sleeps, Retry-After and backoff fall due). */
    advance(ms: number) {
      offsetMs += ms;
    },
    async close() {
      await relay?.stop();
      await app.close({ abandon: true });
    },
  };
}
