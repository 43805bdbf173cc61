import { cron } from "inngest";
import { getDb } from "@/db/client";
import { expireUnpaidModifications } from "@/server/services/modifications/expire-unpaid";
import { inngest } from "../client";

/** Hourly: changes whose fee was not paid within 24 hours are abandoned, their pending charge voided. */
export const expireUnpaidChanges = inngest.createFunction(
  {
    id: "expire-unpaid-changes",
    name: "Expire unpaid changes",
    triggers: [cron("45 * * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    // Re-running the step is safe: only changes still awaiting payment are touched, voids carry their own key.
    return step.run("expire", () => expireUnpaidModifications(getDb(), new Date(now)));
  },
);
