import { cron } from "inngest";
import { getDb } from "@/db/client";
import { runMoneyCheck } from "@/server/services/money-check/run-money-check";
import { inngest } from "../client";

/**
 * The daily money check (server/services/money-check): gateway records against ours, per currency.
 * One step: a retried run starts a fresh check (each run is its own money_checks row), and a red
 * result is an answer, not a failure. Ops can also run it from /ops/money-check or /ops/jobs.
 */
export const moneyCheckFn = inngest.createFunction(
  {
    id: "money-check",
    name: "Daily money check",
    triggers: [cron("30 4 * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) =>
    step.run("check", async () => {
      const run = await runMoneyCheck(getDb(), { triggeredBy: "system:money-check" });
      return { id: run.id, status: run.status, differenceCount: run.differenceCount };
    }),
);
