import { cron } from "inngest";
import { getDb } from "@/db/client";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { inngest } from "../client";

/**
 * The backstop of the in-process relay (started by the launcher): every five minutes, publish what is
 * still waiting, e.g. rows left by a process that died before marking them sent. Event ids are
 * the row ids, so a row published twice is acted on once.
 */
export const relayOutboxBackstop = inngest.createFunction(
  {
    id: "relay-outbox",
    name: "Publish waiting outbox events",
    triggers: [cron("*/5 * * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) => {
    let sent = 0;
    for (let round = 0; round < 20; round++) {
      const r = await step.run(`publish round ${round}`, () => relayOutbox(getDb(), (events) => inngest.send(events)));
      sent += r.sent;
      if (r.sent === 0) break;
    }
    return { sent };
  },
);
