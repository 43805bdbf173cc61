import { cron } from "inngest";
import { getDb } from "@/db/client";
import { completeEndedBookings } from "@/server/services/bookings/complete-ended-bookings";
import { inngest } from "../client";

const BATCH = 500;

/**
 * The spec's daily completion job. Each batch is its own step (one transaction), so a run killed
 * half-way resumes after its last finished batch; the service only touches bookings still in a
 * completable status, so a repeated batch completes nothing twice.
 */
export const markCompletedBookings = inngest.createFunction(
  {
    id: "mark-completed-bookings",
    name: "Mark completed bookings",
    triggers: [cron("0 2 * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    // The run's clock is fixed by its first step, so a replayed run decides the same way.
    const now = await step.run("now", () => new Date().toISOString());
    let completed = 0;
    for (let batch = 0; ; batch++) {
      const r = await step.run(`complete batch ${batch}`, () =>
        completeEndedBookings(getDb(), { now: new Date(now), limit: BATCH }),
      );
      completed += r.completed;
      if (r.completed < BATCH) break;
    }
    return { completed };
  },
);
