import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { claimRuns, executeCall, newWorkerId, type ClaimedRun, type ExecutorContext } from "./executor";
import { ingestEvents, type IncomingEvent } from "./events";
import type { RegisterBody, Sql } from "./functions";
import { registerApp } from "./registry";
import { cronLeaderLockKey, fireDueCrons } from "./scheduler";
import { bearerMatches } from "./signing";

export type LocalInngestOptions = {
  db: Db;
  /** Origin of the app that serves functions, e.g. http://127.0.0.1:3000. */
  appUrl: string;
  servePath?: string;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  signingKey: string;
  eventKey: string;
  /** The clock for schedules, sleeps, leases and backoff; tests pass a fake one. */
  now?: () => Date;
  /** How often the queue and the cron schedule are polled (ms). */
  pollMs?: number;
  /** How long a claim lasts without a heartbeat before another worker may take the run (ms). */
  leaseMs?: number;
  /** Calls in flight at once. */
  workers?: number;
  /** Delay before retry `attempt` (1-based); default Inngest-like exponential with jitter. */
  backoff?: (attempt: number) => number;
  log?: (msg: string, extra?: unknown) => void;
};

export type LocalInngest = {
  url: string;
  workerId: string;
  /** Graceful by default (finishes calls in flight); `abandon` drops them like a killed process. */
  stop(opts?: { abandon?: boolean }): Promise<void>;
  isLeader(): boolean;
};

/** Inngest's default retry schedule, roughly: 10s, 20s, 40s, … capped at 1h, with ±20% jitter. */
export const defaultBackoff = (attempt: number) =>
  Math.min(3600_000, 10_000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);

const maxBodyBytes = 3 * 1024 * 1024; // Inngest's request size limit for events

/**
 * The local Inngest-compatible server (docs/architecture.md, "Events and jobs"): the unmodified SDK syncs to
 * it (`POST /fn/register`) and sends events to it (`POST /e/:key`); it runs functions by calling
 * the app's serve endpoint, with all state in PostgreSQL.
 */
export async function startLocalInngest(opts: LocalInngestOptions): Promise<LocalInngest> {
  const sql = opts.db.$sql as Sql;
  const now = opts.now ?? (() => new Date());
  const pollMs = opts.pollMs ?? 250;
  const slots = opts.workers ?? 8;
  const log = opts.log ?? ((msg: string, extra?: unknown) => console.warn(`[jobs] ${msg}`, extra ?? ""));
  const abort = new AbortController();
  let stopped = false;
  const ctx: ExecutorContext = {
    sql,
    serveUrl: new URL(opts.servePath ?? "/api/inngest", opts.appUrl).href,
    signingKey: opts.signingKey,
    now,
    workerId: newWorkerId(),
    leaseMs: opts.leaseMs ?? 30_000,
    backoff: opts.backoff ?? defaultBackoff,
    wake: () => kick(),
    log,
  };

  // Queue: claim what is due, run each claimed run call after call while it stays due.
  let active = 0,
    pumping = false,
    again = false;
  const tasks = new Set<Promise<void>>();
  const pump = async () => {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!stopped && active < slots) {
          const runs = await claimRuns(ctx, slots - active);
          for (const run of runs) startTask(run);
          if (runs.length === 0) break;
        }
      } while (again && !stopped);
    } catch (err) {
      if (!stopped) log("claim failed", err);
    } finally {
      pumping = false;
    }
  };
  const kick = () => {
    if (!stopped) setImmediate(() => void pump());
  };
  const startTask = (run: ClaimedRun) => {
    active++;
    const task = (async () => {
      try {
        for (let calls = 0; !stopped; calls++) {
          const outcome = await executeCall(ctx, run, abort.signal);
          if (outcome !== "continue") return;
          if (calls >= 50) break; // let other runs in: release and requeue
        }
        if (!abort.signal.aborted)
          await sql`update job_runs set claimed_by = null, lease_until = null where id = ${run.id} and claimed_by = ${ctx.workerId}`;
      } catch (err) {
        if (!abort.signal.aborted) log(`run ${run.id}: call failed`, err);
        // The claim stays until its lease expires; then the run is retried.
      }
    })().finally(() => {
      active--;
      tasks.delete(task);
      kick();
    });
    tasks.add(task);
  };

  // Cron: one leader per database, by a session advisory lock on a reserved connection.
  let leaderConn: Awaited<ReturnType<Sql["reserve"]>> | null = null;
  let leader = false;
  const tickCron = async () => {
    if (stopped) return;
    try {
      if (!leader) {
        leaderConn ??= await sql.reserve();
        const [{ ok }] = await leaderConn<{ ok: boolean }[]>`select pg_try_advisory_lock(${cronLeaderLockKey}) as ok`;
        leader = ok;
      }
      if (leader && (await fireDueCrons(sql, now())) > 0) kick();
    } catch (err) {
      if (!stopped) log("cron tick failed", err);
      leader = false;
      leaderConn?.release();
      leaderConn = null;
    }
  };

  let timer: NodeJS.Timeout | null = null;
  const loop = async () => {
    await tickCron();
    await pump();
    if (!stopped) timer = setTimeout(() => void loop(), pollMs);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) =>
      send(res, 500, { error: err instanceof Error ? err.message : String(err), status: 500 }),
    );
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { ok: true, leader });
    if (req.method === "POST" && url.pathname === "/fn/register") {
      // The SDK authenticates its sync with `Bearer <hashed signing key>` (fetchWithAuthFallback).
      if (!bearerMatches(req.headers.authorization, opts.signingKey))
        return send(res, 401, { error: "Invalid signing key", status: 401 });
      const body = JSON.parse(await readBody(req)) as RegisterBody;
      const r = await registerApp(sql, body, now());
      kick();
      return send(res, 200, { ok: true, modified: r.modified });
    }
    const eventPath = /^\/e\/([^/]+)\/?$/.exec(url.pathname);
    if (eventPath && req.method === "POST") {
      if (!sameString(decodeURIComponent(eventPath[1]), opts.eventKey))
        return send(res, 401, { error: "Event key not found", status: 401 });
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { error: "Body is not JSON", status: 400 });
      }
      const events = (Array.isArray(parsed) ? parsed : [parsed]) as IncomingEvent[];
      try {
        const seed = req.headers["x-inngest-event-id-seed"];
        const { ids, runIds } = await ingestEvents(sql, events, {
          now: now(),
          seed: typeof seed === "string" ? seed : undefined,
        });
        if (runIds.length) kick();
        return send(res, 200, { ids, status: 200 });
      } catch (err) {
        return send(res, 400, { error: err instanceof Error ? err.message : String(err), status: 400 });
      }
    }
    // The SDK's API fallbacks when a call sets `use_api` (this server never does; kept for completeness).
    const apiRun = /^\/v0\/runs\/([0-9a-f-]{36})\/(batch|actions)$/.exec(url.pathname);
    if (apiRun && req.method === "GET") {
      if (!bearerMatches(req.headers.authorization, opts.signingKey))
        return send(res, 401, { error: "Unauthorized", status: 401 });
      const [run] = await sql<{ event: unknown }[]>`select event from job_runs where id = ${apiRun[1]}`;
      if (!run) return send(res, 404, { error: "Run not found", status: 404 });
      if (apiRun[2] === "batch") return send(res, 200, [run.event]);
      const steps = await sql<{ step_id: string; status: string; output: unknown; error: unknown }[]>`
        select step_id, status, output, error from job_steps where run_id = ${apiRun[1]} and status in ('completed', 'failed')`;
      return send(
        res,
        200,
        Object.fromEntries(
          steps.map((s) => [
            s.step_id,
            s.status === "completed" ? { type: "data", data: s.output ?? null } : { type: "error", error: s.error },
          ]),
        ),
      );
    }
    return send(res, 404, { error: `Not found: ${req.method} ${url.pathname}`, status: 404 });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  void loop();

  const stop = async (o: { abandon?: boolean } = {}) => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    if (o.abandon) abort.abort();
    await Promise.allSettled([...tasks]);
    if (leaderConn) {
      await leaderConn`select pg_advisory_unlock(${cronLeaderLockKey})`.catch(() => {});
      leaderConn.release();
      leaderConn = null;
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}`, workerId: ctx.workerId, stop, isLeader: () => leader };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a),
    y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
