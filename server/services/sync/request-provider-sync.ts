import { type Actor } from "@/server/domain/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { recordEvent } from "@/server/services/events/record-event";

/**
 * Support syncs one provider now (after an outage, or to see its health without waiting for the
 * 6-hourly run): the same `sync/provider.requested` event the scheduled fan-out sends, with every
 * active item due. The sync function runs one provider at a time, so a second click waits its turn.
 */
export async function requestProviderSync(db: Db, providerCode: string, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select({ code: providers.code, enabled: providers.enabled })
      .from(providers)
      .where(eq(providers.code, providerCode));
    if (!p) throw new DomainError("not_found", `No provider ${providerCode}`);
    if (!p.enabled) throw new DomainError("conflict", `${providerCode} is disabled: enable it before syncing`);
    const eventId = await recordEvent(tx, "sync/provider.requested", {
      providerCode,
      dueBefore: now.toISOString(),
      requestedBy: actor,
    });
    return { providerCode, eventId };
  });
}
