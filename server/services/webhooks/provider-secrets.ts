import type { Db } from "@/db/client";

/**
 * Webhook secrets of every provider, held in memory so a webhook costs no extra query. The table is
 * small (one row per provider), so it is loaded whole. A miss (unknown provider, or a signature
 * that does not match, as after a secret rotation) reloads it, at most once per `minReloadMs` so
 * forged traffic cannot turn into a query per request; otherwise entries live `ttlMs`.
 */
export type ProviderSecrets = {
  /** The provider's current secret, or null when no such provider exists. */
  secretFor(provider: string, opts?: { afterMiss?: boolean }): Promise<string | null>;
};

export function createProviderSecrets(db: Db, opts: { ttlMs?: number; minReloadMs?: number } = {}): ProviderSecrets {
  const ttlMs = opts.ttlMs ?? 60_000;
  const minReloadMs = opts.minReloadMs ?? 1_000;
  let secrets: Map<string, string> | null = null;
  let loadedAt = 0;
  let loading: Promise<Map<string, string>> | null = null;

  const load = () => {
    loading ??= (async () => {
      try {
        const rows = await db.$sql<
          { code: string; webhook_secret: string }[]
        >`select code, webhook_secret from providers`;
        secrets = new Map(rows.map((r) => [r.code, r.webhook_secret]));
        loadedAt = Date.now();
        return secrets;
      } finally {
        loading = null;
      }
    })();
    return loading;
  };

  return {
    async secretFor(provider, { afterMiss = false } = {}) {
      const age = Date.now() - loadedAt;
      const map = !secrets || age > ttlMs || (afterMiss && age >= minReloadMs) ? await load() : secrets;
      return map.get(provider) ?? null;
    },
  };
}
