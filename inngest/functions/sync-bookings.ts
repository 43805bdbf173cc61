import { cron } from "inngest";
import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { providerAdapter } from "@/server/providers";
import { SYNC_INTERVAL_HOURS, syncProviderChunk } from "@/server/services/sync/sync-provider-chunk";
import { inngest } from "../client";

/**
 * The spec's 6-hourly sync of active bookings, fanned out per provider: a slow or rate-limited
 * provider does not hold the others back, and each provider's run keeps within its rate limit.
 */
export const syncActiveBookings = inngest.createFunction(
  {
    id: "sync-active-bookings",
    name: "Sync active bookings",
    triggers: [cron(`0 */${SYNC_INTERVAL_HOURS} * * *`)],
    concurrency: { limit: 1 },
  },
  async ({ step }) => {
    const plan = await step.run("plan", async () => {
      const rows = await getDb().$sql<{ code: string }[]>`select code from providers where enabled order by code`;
      return {
        providers: rows.map((r) => r.code),
        dueBefore: new Date(Date.now() - SYNC_INTERVAL_HOURS * 3_600_000 + 60_000).toISOString(),
      };
    });
    await step.sendEvent(
      "fan out",
      plan.providers.map((providerCode) =>
        events.syncProviderRequested.create({ providerCode, dueBefore: plan.dueBefore }),
      ),
    );
    return plan;
  },
);

/** Items per step: a step is one resumable unit (a killed run resumes after its last chunk). */
const CHUNK = 500;

export const syncProvider = inngest.createFunction(
  {
    id: "sync-provider",
    name: "Sync one provider's bookings",
    triggers: [events.syncProviderRequested],
    concurrency: { limit: 1, key: "event.data.providerCode" },
    retries: 3,
  },
  async ({ event, step }) => {
    const { providerCode, dueBefore } = event.data;
    let cursor: string | null = null;
    const totals = { synced: 0, changed: 0, failed: 0 };
    for (let n = 0; ; n++) {
      const r = await step.run(`chunk ${n}`, async () => {
        const db = getDb();
        const adapter = await providerAdapter(db, providerCode);
        return syncProviderChunk(db, adapter, { dueBefore: new Date(dueBefore), after: cursor, limit: CHUNK });
      });
      totals.synced += r.synced;
      totals.changed += r.changed;
      totals.failed += r.failed;
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    return { providerCode, ...totals };
  },
);
