import { cron } from "inngest";
import { getDb } from "@/db/client";
import { dueCommunications } from "@/server/services/comms/due-communications";
import { sendCommunication } from "@/server/services/comms/send-communication";
import { inngest } from "../client";

const BATCH = 25;

/**
 * The spec's 15-minute comms job: failed messages whose backoff has passed (up to 3 retries, then
 * an alert) and pending ones nobody sent. Each batch is a step; a repeated batch sends nothing
 * twice (each send claims its message and carries its idempotency key).
 */
export const retryCommunications = inngest.createFunction(
  {
    id: "retry-communications",
    name: "Retry failed messages",
    triggers: [cron("*/15 * * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    const ids = await step.run("due messages", () => dueCommunications(getDb(), new Date(now)));
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < ids.length; i += BATCH) {
      const r = await step.run(`send batch ${i / BATCH}`, async () => {
        const out: string[] = [];
        for (const id of ids.slice(i, i + BATCH)) out.push(await sendCommunication(getDb(), id));
        return out;
      });
      for (const o of r) outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
    return { due: ids.length, outcomes };
  },
);
