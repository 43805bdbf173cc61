import { asc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { camelRow } from "@/db/raw-sql";
import { providers } from "@/db/schema";
import { PROVIDER_HEALTH_WINDOW_MINUTES as window, providerHealth } from "@/server/domain/provider-health";

type SandboxSettingsRow = {
  latency_ms: number;
  jitter_ms: number;
  error_rate_bps: number;
  outage: boolean;
  reject_cancellations: boolean;
  events_per_hour: number;
};

/** Providers with their health over the last minutes of calls (server/domain/provider-health.ts) and sandbox faults. */
export async function listProviders(db: Db) {
  const rows = await db
    .select({
      code: providers.code,
      name: providers.name,
      category: providers.category,
      adapter: providers.adapter,
      rateLimitPerSecond: providers.rateLimitPerSecond,
      enabled: providers.enabled,
      calls: sql<number>`(select count(*)::int from provider_calls c where c.provider_code = providers.code and c.created_at > now() - make_interval(mins => ${window}))`,
      ok: sql<number>`(select count(*)::int from provider_calls c where c.provider_code = providers.code and c.ok and c.created_at > now() - make_interval(mins => ${window}))`,
      sandbox: sql<SandboxSettingsRow | null>`(select to_jsonb(s) from sandbox_provider_settings s where s.provider_code = providers.code)`,
    })
    .from(providers)
    .orderBy(asc(providers.category), asc(providers.code));
  return rows.map((r) => ({
    ...r,
    sandbox: r.sandbox && camelRow(r.sandbox),
    health: providerHealth(r.calls, r.ok),
  }));
}
