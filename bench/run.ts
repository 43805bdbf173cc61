// `npm run bench [-- --quick]`: every bench, one after another (they would disturb each other in
// parallel on two cores), and bench/RESULTS.md with the machine, the date and each bench's output,
// whose figures stand beside their references measured in the same run.
// DATABASE_URL is an admin URL (or the embedded database). The benches at 1,000,000 bookings read
// BENCH_1M_URL, else a database named bookops_bench_1m on the same server when it exists (build it
// once: `DATABASE_URL=…/bookops_bench_1m npm run db:seed -- --reset --bookings 1000000`, ~30 min); the
// pages also run at 100,000 (BENCH_100K_URL, else bookops_bench_100k, seeded the same way, ~3 min).
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { databaseUrl } from "@/db/client";

const run = promisify(execFile);
const quick = process.argv.includes("--quick");
const admin = databaseUrl();
const bigUrl = process.env.BENCH_1M_URL ?? Object.assign(new URL(admin), { pathname: "/bookops_bench_1m" }).toString();
const mediumUrl =
  process.env.BENCH_100K_URL ?? Object.assign(new URL(admin), { pathname: "/bookops_bench_100k" }).toString();

const sql = postgres(admin, { max: 1, onnotice: () => {} });
const [{ version }] = await sql<{ version: string }[]>`select version()`;
const [{ big }] = await sql<
  { big: boolean }[]
>`select exists (select 1 from pg_database where datname = ${new URL(bigUrl).pathname.slice(1)}) as big`;
const [{ medium }] = await sql<
  { medium: boolean }[]
>`select exists (select 1 from pg_database where datname = ${new URL(mediumUrl).pathname.slice(1)}) as medium`;
await sql.end();

// The pages bench loads the production build: make it when there is none (the portal weight uses it too).
if (big && !existsSync(".next/BUILD_ID")) {
  console.log("no production build: npx next build…");
  await run("npx", ["next", "build"], { maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 });
}

type Bench = {
  title: string;
  target: string;
  file: string;
  args: string[];
  env?: Record<string, string>;
  skip?: string;
};
/** The page bench on one of the kept databases (40 loads a page: a p95 of 12 is their slowest). */
const pagesAt = (size: string, url: string, exists: boolean, target: string): Bench => ({
  title: `Console and portal pages at ${size} bookings`,
  target,
  file: "pages.ts",
  args: ["--runs", quick ? "8" : "40"],
  env: { DATABASE_URL: url },
  skip: exists ? undefined : `no ${size}-booking database (see the top of bench/run.ts)`,
});

const benches: Bench[] = [
  {
    title: "Webhook ingest (HTTP, 16 concurrent)",
    target: "≥ 50% of pgbench single-row insert TPS",
    file: "webhook-ingest.ts",
    args: ["--seconds", quick ? "4" : "10"],
  },
  {
    title: "Booking intake (HTTP, 16 concurrent)",
    target: "≥ 1,000 bookings/s",
    file: "intake.ts",
    args: ["--seconds", quick ? "4" : "10"],
  },
  {
    title: "Webhook processing through the functions",
    target: "≥ 500 events/s",
    file: "webhook-processing.ts",
    args: ["--events", quick ? "800" : "3000"],
  },
  {
    title: "Webhook batch path, before and after the lifecycle's writers (alternate rounds)",
    target: "after ≥ before (issue 19: no slower)",
    file: "webhook-batch-ab.ts",
    args: ["--events", quick ? "300" : "1000", "--rounds", quick ? "4" : "8"],
    env: { NODE_ENV: "production" },
  },
  {
    title: "Provider sync",
    target: "≥ 80% of concurrency ÷ latency; 100,000 active bookings < 36 min",
    file: "sync-throughput.ts",
    args: ["--bookings", quick ? "3000" : "12000"],
  },
  {
    title: "Local job server",
    target: "(reference for the functions above)",
    file: "jobs-throughput.ts",
    args: ["--runs", quick ? "200" : "500"],
  },
  {
    title: "Bookings search at 1,000,000 bookings",
    target: "(console search)",
    file: "bookings-search.ts",
    args: ["--runs", quick ? "10" : "40"],
    env: { DATABASE_URL: bigUrl },
    skip: big ? undefined : "no 1,000,000-booking database",
  },
  {
    title: "Provider statement reconciliation",
    target: "100,000 lines < 30 s",
    file: "statement.ts",
    args: ["--lines", quick ? "20000" : "100000"],
  },
  {
    title: "Daily money check at 1,000,000 bookings",
    target: "< 60 s, recounted from payment and refund rows",
    file: "money-check.ts",
    args: ["--runs", quick ? "1" : "3"],
    env: { DATABASE_URL: bigUrl },
    skip: big ? undefined : "no 1,000,000-booking database",
  },
  pagesAt("1,000,000", bigUrl, big, "every page p95 < 100 ms, ≤ 1.5× (or ≤ 20 ms over) its SQL; LCP < 1.5 s"),
  // The same pages a tenth the size: how each page's time grows with the data (flat but for search).
  pagesAt("100,000", mediumUrl, medium, "as at 1,000,000: the growth from here is the figure"),
  { title: "Itinerary PDF", target: "median < 200 ms", file: "pdf-render.ts", args: ["--runs", quick ? "15" : "50"] },
  {
    title: "Confirmation e-mail",
    target: "(render time)",
    file: "email-render.ts",
    args: ["--runs", quick ? "50" : "200"],
  },
  {
    title: "Portal first-load JavaScript",
    target: "≤ 200 KB gzipped",
    file: "portal-weight.ts",
    args: [],
    skip: existsSync(".next/BUILD_ID") ? undefined : "no production build (run `npx next build` first)",
  },
];

const started = new Date();
const sections: string[] = [];
for (const b of benches) {
  process.stdout.write(`${b.title}… `);
  let out: string;
  if (b.skip) out = `skipped: ${b.skip}`;
  else {
    const t = performance.now();
    try {
      const r = await run(process.execPath, ["--import", "tsx", path.join("bench", b.file), ...b.args], {
        env: { ...process.env, ...b.env },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 30 * 60_000,
      });
      out = r.stdout.trim();
    } catch (e) {
      out = `failed: ${(e as { stderr?: string; message: string }).stderr?.trim().split("\n").slice(-5).join("\n") ?? (e as Error).message}`;
    }
    out += `\n(${((performance.now() - t) / 1000).toFixed(0)} s)`;
  }
  console.log("done");
  sections.push(
    `## ${b.title}\n\nTarget: ${b.target}. \`npx tsx bench/${b.file} ${b.args.join(" ")}\`\n\n\`\`\`\n${out}\n\`\`\``,
  );
}

const cpus = os.cpus();
writeFileSync(
  path.join("bench", "RESULTS.md"),
  `# Benchmark results

One run of \`npm run bench${quick ? " -- --quick" : ""}\`, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC. Each figure stands beside its
reference measured in the same run (docs/architecture.md, "Tests"). Other load on the machine moves absolute figures
more than ratios.

- Machine: ${cpus.length} × ${cpus[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}
- Node ${process.version}; ${version.split(",")[0]}

${sections.join("\n\n")}
`,
);
console.log("wrote bench/RESULTS.md");
