// Provider health over the last 15 minutes of calls (docs/architecture.md, "Provider health"):
// healthy at ≥ 95% success, degraded at ≥ 80%, error below or with no successful call; unknown
// without calls.

/** The window the counts cover; the queries that count calls use the same length. */
export const PROVIDER_HEALTH_WINDOW_MINUTES = 15;

export type ProviderHealth = "healthy" | "degraded" | "error" | "unknown";

export function providerHealth(calls: number, ok: number): ProviderHealth {
  if (calls === 0) return "unknown";
  if (ok === 0) return "error";
  return ok * 100 >= calls * 95 ? "healthy" : ok * 100 >= calls * 80 ? "degraded" : "error";
}
