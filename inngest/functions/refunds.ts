import { cron, RetryAfterError } from "inngest";
import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { dueRefunds } from "@/server/services/refunds/due-refunds";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { inngest } from "../client";

/**
 * Pays a refund out as soon as it is owed or requested. One at a time per refund (the claim in
 * payOutRefund also guarantees it); an unclear gateway answer is retried in a minute with the same
 * idempotency key, so a timeout after the refund was in fact made never refunds twice.
 */
export const payOutRefundFn = inngest.createFunction(
  {
    id: "pay-out-refund",
    name: "Pay out a refund",
    triggers: [events.refundOwed, events.refundRequested],
    retries: 4,
    concurrency: { limit: 1, key: "event.data.refundId" },
  },
  async ({ event, step }) => {
    // Thrown inside the step: a step's result is memoised, so thrown after it the retry would
    // replay "retry_later" instead of asking the gateway again.
    return step.run("pay out", async () => {
      const r = await payOutRefund(getDb(), event.data.refundId);
      if (r.status === "retry_later") throw new RetryAfterError(r.reason, "1m");
      return r;
    });
  },
);

/**
 * The spec's hourly refunds job: pays what is still pending, retries failed refunds whose backoff
 * has passed (a new attempt, a new key), and re-asks about calls that never reported back (same key).
 */
export const processRefundsFn = inngest.createFunction(
  {
    id: "process-refunds",
    name: "Process refunds (hourly)",
    triggers: [cron("15 * * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) => {
    const ids = await step.run("due refunds", () => dueRefunds(getDb(), new Date()));
    const outcomes: Record<string, number> = {};
    for (const id of ids) {
      const r = await step.run(`pay out ${id}`, () => payOutRefund(getDb(), id));
      outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
    }
    return { due: ids.length, outcomes };
  },
);
