import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers } from "@/db/schema";
import type { ProviderAdapter } from "./contract";
import { sandboxAdapter } from "./sandbox/adapter";

export * from "./contract";

// One adapter per provider per process: its rate limiter must be shared by every caller.
const adapters = new Map<string, ProviderAdapter>();

/** The adapter for a provider, by the integration its row names (only "sandbox" exists so far). */
export async function providerAdapter(db: Db, code: string): Promise<ProviderAdapter> {
  const known = adapters.get(code);
  if (known) return known;
  const [p] = await db.select().from(providers).where(eq(providers.code, code));
  if (!p) throw new Error(`Unknown provider ${code}`);
  if (p.adapter !== "sandbox")
    throw new Error(`Provider ${code} uses adapter "${p.adapter}", which this build does not include`);
  const adapter = sandboxAdapter(db, { code: p.code, rateLimitPerSecond: p.rateLimitPerSecond });
  adapters.set(code, adapter);
  return adapter;
}
