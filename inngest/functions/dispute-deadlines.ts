import { cron } from "inngest";
import { getDb } from "@/db/client";
import { checkDisputeDeadlines } from "@/server/services/disputes/check-deadlines";
import { inngest } from "../client";

/**
 * Every 5 minutes: disputes whose evidence is due within 72 h (high alert), within 24 h (critical
 * alert + follow-up) or past due (marked, critical alert, follow-up due now), each stage once per
 * dispute. The run's clock is its first step, so a replayed run decides the same way; the service
 * writes each stage with a guarded update, so overlapping runs alert once.
 */
export const disputeDeadlines = inngest.createFunction(
  {
    id: "dispute-deadlines",
    name: "Dispute evidence deadlines",
    triggers: [cron("*/5 * * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    return step.run("check deadlines", () => checkDisputeDeadlines(getDb(), { now: new Date(now) }));
  },
);
