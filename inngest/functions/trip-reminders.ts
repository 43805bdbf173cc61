import { cron } from "inngest";
import { getDb } from "@/db/client";
import { queueTripReminders } from "@/server/services/comms/daily-messages";
import { inngest } from "../client";

/**
 * Hourly: trip reminders for the bookings where it is now 9:00 (or later that day) 7 days or 1 day
 * before the first item, in that item's zone. Queued messages go out through send-communication.
 */
export const tripReminders = inngest.createFunction(
  {
    id: "trip-reminders",
    name: "Queue trip reminders",
    triggers: [cron("0 * * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    const queued = await step.run(
      "queue reminders",
      async () => (await queueTripReminders(getDb(), new Date(now))).length,
    );
    return { queued };
  },
);
