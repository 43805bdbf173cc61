import { cron } from "inngest";
import { getDb } from "@/db/client";
import { providerAdapter } from "@/server/providers";
import {
  escalateUnansweredChanges,
  releaseWaitingWebhooks,
  renotifyUnansweredChanges,
} from "@/server/services/provider-events/schedule-change-watch";
import { syncProviderAll } from "@/server/services/sync/sync-provider-chunk";
import { inngest } from "../client";

/**
 * The spec's hourly schedule-change job: flights departing within 72 hours and items whose change
 * awaits the traveler are synced again (an hour old is stale that close to departure), unanswered
 * changes are re-notified after 24 hours, those 48 hours from departure go to the founder, and
 * webhooks still waiting for an earlier event after 10 minutes are applied.
 */
export const scheduleChangeWatch = inngest.createFunction(
  {
    id: "schedule-change-watch",
    name: "Watch schedule changes",
    triggers: [cron("0 * * * *")],
    concurrency: { limit: 1 },
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    const providers = await step.run("flight providers", async () =>
      (
        await getDb().$sql<
          { code: string }[]
        >`select code from providers where enabled and category = 'flight' order by code`
      ).map((r) => r.code),
    );
    let synced = 0;
    for (const code of providers) {
      synced += await step.run(`sync ${code}`, async () => {
        const db = getDb();
        const r = await syncProviderAll(db, await providerAdapter(db, code), {
          dueBefore: new Date(new Date(now).getTime() - 3_600_000),
          startingBefore: new Date(new Date(now).getTime() + 72 * 3_600_000),
        });
        return r.synced;
      });
    }
    const released = await step.run("release waiting webhooks", () => releaseWaitingWebhooks(getDb(), new Date(now)));
    const renotified = await step.run("re-notify", () => renotifyUnansweredChanges(getDb(), new Date(now)));
    const escalated = await step.run("escalate", () => escalateUnansweredChanges(getDb(), new Date(now)));
    return { synced, released, renotified, escalated };
  },
);
