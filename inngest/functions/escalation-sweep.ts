import { cron } from "inngest";
import { getDb } from "@/db/client";
import { retryStalledNotifications } from "@/server/services/escalation/deliver-notification";
import { compactRollups } from "@/server/services/metrics/compact-rollups";
import { inngest } from "../client";

/**
 * Every five minutes: escalation notifications whose run gave up on a transient failure are sent
 * again (a Slack or SMS outage must not swallow a critical alert), and the dashboard's rollup
 * deltas are compacted, so reads never sum a long delta list (server/services/metrics/README.md).
 */
export const escalationSweep = inngest.createFunction(
  {
    id: "escalation-sweep",
    name: "Escalation sweep and metric rollups",
    triggers: [cron("*/5 * * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) => {
    const notifications = await step.run("retry stalled notifications", () => retryStalledNotifications(getDb()));
    const rollups = await step.run("compact metric rollups", () => compactRollups(getDb()));
    return { notifications, rollups };
  },
);
