import type { Db } from "@/db/client";

export type Sql = Db["$sql"];

/** A function as the SDK describes it in the sync body (InngestFunction.getConfig). */
export type FnConfig = {
  id: string;
  name?: string;
  triggers?: ({ event: string; expression?: string } | { cron: string; jitter?: string })[];
  steps?: Record<string, { runtime?: { url?: string }; retries?: { attempts?: number } }>;
  idempotency?: string;
  concurrency?: number | ConcurrencyOption | ConcurrencyOption[];
  cancel?: { event: string; timeout?: string; if?: string }[];
  [k: string]: unknown;
};
export type ConcurrencyOption = { limit: number; key?: string; scope?: "fn" | "env" | "account" };
export type RegisterBody = { url: string; appName: string; functions: FnConfig[]; [k: string]: unknown };

/** Inngest's default when a function sets no `retries`. */
export const defaultRetries = 3;

export function maxAttemptsOf(config: FnConfig): number {
  const retries = Object.values(config.steps ?? {})[0]?.retries?.attempts;
  return (typeof retries === "number" ? retries : defaultRetries) + 1;
}

export function eventTriggersOf(config: FnConfig): string[] {
  return (config.triggers ?? []).flatMap((t) => ("event" in t && t.event ? [t.event] : []));
}

export function cronOf(config: FnConfig): string | null {
  for (const t of config.triggers ?? []) if ("cron" in t && t.cron) return t.cron;
  return null;
}

/** The first concurrency limit (Inngest allows two; the local server applies one). */
export function concurrencyOf(config: FnConfig): ConcurrencyOption | null {
  const c = config.concurrency;
  if (c === undefined || c === null) return null;
  if (typeof c === "number") return c > 0 ? { limit: c } : null;
  const first = Array.isArray(c) ? c[0] : c;
  return first && first.limit > 0 ? first : null;
}
