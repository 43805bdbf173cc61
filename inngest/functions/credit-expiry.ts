import { cron } from "inngest";
import { getDb } from "@/db/client";
import { expireCredits } from "@/server/services/credits/expire-credits";
import { remindExpiringCredit } from "@/server/services/credits/expiry-reminders";
import { inngest } from "../client";

/**
 * Daily: stale credit holds are given back, expired credit is written off (an `expire` entry per
 * grant), and credit expiring within 30 or 7 days is reminded (once each).
 */
export const creditExpiry = inngest.createFunction(
  {
    id: "credit-expiry",
    name: "Expire travel credit (daily)",
    triggers: [cron("10 3 * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    // Re-running is safe: only holds still held and grants with value left are touched.
    const expired = await step.run("expire", () => expireCredits(getDb(), new Date(now)));
    const reminded = await step.run("remind", () => remindExpiringCredit(getDb(), new Date(now)));
    return { expired, reminded };
  },
);
