// The load generators' HTTP client (webhook ingest, intake).
import { fork, type ChildProcess } from "node:child_process";
import { connect } from "node:net";

export type KeepAliveConn = {
  post(path: string, body: string, headers: Record<string, string>): Promise<number>;
  close(): void;
};

/**
 * A minimal HTTP/1.1 keep-alive client on one socket (one request at a time), as light as pgbench's
 * own client so the load generator takes as little as possible of the CPU the server shares.
 */
export function connectKeepAlive(port: number): Promise<KeepAliveConn> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () =>
      resolve({
        post(path, body, headers) {
          const lines = Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join("");
          return new Promise<number>((res, rej) => {
            pending = { res, rej };
            socket.write(
              `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${lines}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
            );
          });
        },
        close: () => socket.destroy(),
      }),
    );
    socket.setNoDelay(true);
    let buf = "";
    let pending: { res: (status: number) => void; rej: (e: unknown) => void } | null = null;
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      buf += chunk;
      const head = buf.indexOf("\r\n\r\n");
      if (head < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(buf.slice(0, head))?.[1] ?? 0);
      if (buf.length < head + 4 + length) return;
      const status = Number(buf.slice(9, 12));
      buf = buf.slice(head + 4 + length);
      const p = pending;
      pending = null;
      p?.res(status);
    });
    socket.on("error", (e) => {
      pending?.rej(e);
      reject(e);
    });
  });
}

export type LoadResult = { rate: number; ok: number; errors: number; statuses: Record<number, number> };

/**
 * `clients` keep-alive loops against `port`, each sending one request at a time, 1 s of warm-up,
 * then `seconds` counted: answers per second, and how many were `okStatus` or something else.
 */
export async function driveLoad(
  port: number,
  clients: number,
  seconds: number,
  send: (conn: KeepAliveConn) => Promise<number>,
  okStatus: number,
): Promise<LoadResult> {
  const conns = await Promise.all(Array.from({ length: clients }, () => connectKeepAlive(port)));
  let ok = 0,
    errors = 0,
    counted = 0,
    counting = false,
    stop = false;
  const statuses: Record<number, number> = {};
  const loops = conns.map(async (conn) => {
    while (!stop) {
      const status = await send(conn);
      if (status === okStatus) ok++;
      else {
        errors++;
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      if (counting) counted++;
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const secs = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(loops);
  for (const c of conns) c.close();
  return { rate: counted / secs, ok, errors, statuses };
}

/** `--in-flight`, `--max-delay`, `--max-rows`: the group-commit options a bench passes to its server. */
export function groupCommitFlags(arg: (name: string, fallback: number) => number): string {
  const opt = (n: string) => (Number.isNaN(arg(n, NaN)) ? undefined : arg(n, NaN));
  return JSON.stringify({ maxInFlight: opt("in-flight"), maxDelayMs: opt("max-delay"), maxRows: opt("max-rows") });
}

/**
 * The server under test in a child process (so the load generator does not share its event loop),
 * with a CPU profile when BENCH_CPU_PROF names a folder; resolves with the port it sent back.
 */
export async function forkServer(file: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(file, args, {
    execArgv: [
      ...process.execArgv,
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve(Number(m)));
    child.once("exit", reject);
  });
  return { child, port };
}
