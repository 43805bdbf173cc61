/**
 * Parses a sleep op's `name`: the SDK's duration string ("1d2h30m10s", "500ms" clamps to 1s) or
 * an ISO instant for `sleepUntil`. Returns the wake time.
 */
export function wakeTime(name: string, from: Date): Date {
  const units: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  if (/^(\d+(ms|w|d|h|m|s))+$/.test(name)) {
    let ms = 0;
    for (const [, n, u] of name.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) ms += Number(n) * units[u];
    return new Date(from.getTime() + ms);
  }
  const at = new Date(name);
  if (Number.isNaN(at.getTime())) throw new Error(`Unreadable sleep "${name}"`);
  return at;
}

/** A `Retry-After` header (seconds or an HTTP/ISO date) as a delay in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : Math.max(0, at.getTime() - now.getTime());
}
