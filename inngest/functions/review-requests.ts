import { cron } from "inngest";
import { getDb } from "@/db/client";
import { queueReviewRequests } from "@/server/services/comms/daily-messages";
import { inngest } from "../client";

/** Hourly: a review request the day after a booking completed, from 9:00 in the traveler's zone. */
export const reviewRequests = inngest.createFunction(
  {
    id: "review-requests",
    name: "Queue review requests",
    triggers: [cron("30 * * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    const queued = await step.run(
      "queue review requests",
      async () => (await queueReviewRequests(getDb(), new Date(now))).length,
    );
    return { queued };
  },
);
