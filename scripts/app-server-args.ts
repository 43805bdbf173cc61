// How every launcher starts the app server (scripts/server.ts) in its own Node process.
// A 64 MB young generation: a page render allocates a few MB, and with Node's default 16 MB the
// frequent scavenges showed as p95 spikes (the outbox at 1,000,000 bookings: 58 → 35 ms, bench/pages.ts).
import path from "node:path";

export const appServerArgs = (...extra: string[]) => [
  "--max-semi-space-size=64",
  "--import",
  "tsx",
  path.join("scripts", "server.ts"),
  ...extra,
];
