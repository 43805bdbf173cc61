import { cron, NonRetriableError } from "inngest";
import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { DomainError } from "@/server/domain/errors";
import { runAction } from "@/server/services/automation/actions";
import { completeRun, failRun, failUnfinishedRuns } from "@/server/services/automation/finish-run";
import { startMatchingRuns } from "@/server/services/automation/start-runs";
import { inngest } from "../client";

const RETRIES = 3;

/**
 * The auto-resolution engine (spec "Automation Engine"; rules are rows of automation_rules). For one
 * event: one step matches the enabled rules on it and starts a run per rule, keyed by (rule, event
 * id), so a redelivered or replayed event runs no rule twice; then each action of each run is its
 * own step (a provider or gateway call is never repeated once done). A transient error retries the
 * step; a domain error (bad rule, impossible action) or the last retry fails the run, which is
 * escalated to a human, and the other rules on the event still run.
 *
 * It listens to the events the rules name. Item changes only to the two statuses rules act on, so
 * ordinary transitions (ticketing, confirmations) start no run on the job server.
 */
export const automation = inngest.createFunction(
  {
    id: "automation",
    name: "Automation rules",
    retries: RETRIES,
    triggers: [
      {
        event: events.itemStatusChanged,
        if: "event.data.to == 'provider_cancelled' || event.data.to == 'schedule_changed'",
      },
      events.cancellationCompleted,
      events.automationScheduled,
    ],
    // One booking's rules one at a time: two rules on one event act on the booking in turn.
    concurrency: { limit: 1, key: "event.data.bookingId" },
    onFailure: async ({ event, error }) => {
      const original = event.data.event;
      const bookingId = (original.data as { bookingId?: unknown }).bookingId;
      await failUnfinishedRuns(
        getDb(),
        { id: original.id ?? "", name: original.name, bookingId: typeof bookingId === "string" ? bookingId : null },
        error.message,
      );
    },
  },
  async ({ event, step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    const runs = await step.run("match rules", () =>
      startMatchingRuns(
        getDb(),
        { id: event.id ?? "", name: event.name, data: event.data as Record<string, unknown> },
        new Date(now),
      ),
    );
    const outcomes: Record<string, string> = {};
    for (const run of runs) {
      if (run.error) {
        await step.run(`${run.ruleId}: escalate`, () => failRun(getDb(), run.runId, { error: run.error! }));
        outcomes[run.ruleId] = "failed";
        continue;
      }
      let failure: { error: string; actionIndex: number; actionType: string } | null = null;
      for (const [i, action] of run.actions.entries()) {
        try {
          await step.run(`${run.ruleId}: ${i} ${action.type}`, async () => {
            try {
              return await runAction(getDb(), run.runId, i, action);
            } catch (e) {
              // Retrying cannot fix a bad rule or a refused change: fail the step now.
              if (e instanceof DomainError) throw new NonRetriableError(e.message, { cause: e });
              throw e;
            }
          });
        } catch (e) {
          failure = { error: e instanceof Error ? e.message : String(e), actionIndex: i, actionType: action.type };
          break;
        }
      }
      if (failure) {
        const f = failure;
        await step.run(`${run.ruleId}: escalate`, () => failRun(getDb(), run.runId, f));
        outcomes[run.ruleId] = "failed";
      } else {
        await step.run(`${run.ruleId}: complete`, () => completeRun(getDb(), run.runId));
        outcomes[run.ruleId] = "completed";
      }
    }
    return { event: event.name, runs: outcomes };
  },
);

/**
 * The clock of the engine's scheduled rules (the spec's trigger 'scheduled'): every hour one
 * `automation/scheduled` event, its id the hour, so two servers or a replay fire one tick.
 */
export const automationClock = inngest.createFunction(
  {
    id: "automation-clock",
    name: "Automation rules: hourly tick",
    triggers: [cron("40 * * * *")],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ step }) => {
    const at = await step.run("now", () => new Date().toISOString());
    const hour = at.slice(0, 13);
    await step.sendEvent("tick", events.automationScheduled.create({ at }, { id: `automation/scheduled:${hour}` }));
    return { tick: hour };
  },
);
