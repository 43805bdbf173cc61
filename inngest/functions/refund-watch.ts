import { cron } from "inngest";
import { getDb } from "@/db/client";
import { checkRefundDeadlines } from "@/server/services/refunds/check-refund-deadlines";
import { reconcilePendingRefunds } from "@/server/services/refunds/reconcile-pending-refunds";
import { inngest } from "../client";

/**
 * Every 15 minutes: refunds the gateway left pending are asked about again (a lost webhook no
 * longer leaves one in `processing` for ever). The run's clock is its first step, so a replayed run
 * decides the same way; gateway calls happen outside transactions, answers are recorded like the
 * webhook's, so a rerun after a crash only asks again.
 */
export const reconcilePendingRefundsFn = inngest.createFunction(
  {
    id: "reconcile-pending-refunds",
    name: "Reconcile pending refunds with the gateway",
    triggers: [cron("*/15 * * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    return step.run("reconcile", () => reconcilePendingRefunds(getDb(), { now: new Date(now) }));
  },
);

/**
 * Every 15 minutes: unpaid refunds near their legal due date (medium alert) or past it (critical
 * alert and follow-up), each stage once per refund (the stage is stamped on the refund).
 */
export const refundDeadlinesFn = inngest.createFunction(
  {
    id: "refund-deadlines",
    name: "Refund legal deadlines",
    triggers: [cron("7,22,37,52 * * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    return step.run("check deadlines", () => checkRefundDeadlines(getDb(), { now: new Date(now) }));
  },
);
