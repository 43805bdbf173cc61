// Chromium: the tRPC requests each page makes on load (recorded once, replayed in the timed loop),
// and Largest Contentful Paint.
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import type { Call, Jar } from "./http";

export const launch = () =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });

async function contextWith(browser: Browser, base: string, jar: Jar | null): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (jar) await context.addCookies(jar.list().map((c) => ({ ...c, url: base })));
  return context;
}

const kept = new Set(["content-type", "accept", "trpc-accept"]);

/** Opens the page and records its /api/trpc/ requests until the network is idle. */
export async function recordTrpc(browser: Browser, base: string, path: string, jar: Jar | null): Promise<Call[]> {
  const context = await contextWith(browser, base, jar);
  const calls: Call[] = [];
  try {
    const page = await context.newPage();
    page.on("request", (r) => {
      if (!r.url().includes("/api/trpc/")) return;
      const headers = Object.fromEntries(
        Object.entries(r.headers()).filter(([k]) => kept.has(k) || k.startsWith("x-trpc")),
      );
      calls.push({ method: r.method(), url: r.url(), headers, body: r.postData() ?? undefined });
    });
    const res = await page.goto(`${base}${path}`, { waitUntil: "load" });
    if (res?.status() !== 200) throw new Error(`${path} answered ${res?.status()} in Chromium`);
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  } finally {
    await context.close();
  }
  return calls;
}

/** Median Largest Contentful Paint (ms) over `runs` loads after one warm-up, each in a fresh page. */
export async function lcp(browser: Browser, base: string, path: string, jar: Jar, runs: number): Promise<number> {
  const context = await contextWith(browser, base, jar);
  const times: number[] = [];
  try {
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      const t = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve(entries[entries.length - 1].startTime);
            }).observe({ type: "largest-contentful-paint", buffered: true });
            setTimeout(() => resolve(NaN), 3000);
          }),
      );
      await page.close();
      if (i > 0) times.push(t);
    }
  } finally {
    await context.close();
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
