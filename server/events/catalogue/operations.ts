import { z } from "zod";
import { apiClientChanges } from "@/server/domain/api-keys";
import { severities } from "@/server/domain/statuses";
import { actor, instant, rowId } from "../fields";
import { declare } from "./declare";

const automationRun = { runId: rowId, ruleId: z.string(), bookingId: rowId.nullable(), eventId: z.string() };

// Operations: alerts and follow-ups, the automation engine, API clients, imports.
export const operationEvents = {
  // Alerts and follow-ups
  alertRaised: declare(
    "alert/raised",
    z.object({ alertId: rowId, severity: z.enum(severities), source: z.string(), bookingId: rowId.nullable() }),
  ),
  alertAcknowledged: declare("alert/acknowledged", z.object({ alertId: rowId, by: actor }), {
    historyOnly: "a person's answer to the alert, kept as its history",
  }),
  alertResolved: declare("alert/resolved", z.object({ alertId: rowId, by: actor }), {
    historyOnly: "a person's answer to the alert, kept as its history",
  }),
  followUpUpdated: declare(
    "follow_up/updated",
    z.object({ followUpId: rowId, by: actor, owner: z.string().nullable(), dueAt: instant }),
    { historyOnly: "a person's change to the follow-up (owner, due time), kept as its history" },
  ),
  followUpResolved: declare(
    "follow_up/resolved",
    z.object({ followUpId: rowId, bookingId: rowId.nullable(), by: actor }),
    { historyOnly: "a person's answer to the follow-up, kept as its history" },
  ),

  // Automation engine
  automationScheduled: declare("automation/scheduled", z.object({ at: instant })),
  automationRunCompleted: declare("automation/run_completed", z.object(automationRun), {
    historyOnly: "the run row is the record; a completed run asks nothing of anyone",
  }),
  automationRunFailed: declare("automation/run_failed", z.object({ ...automationRun, error: z.string() }), {
    historyOnly: "failRun raises its alert and follow-up in the same transaction",
  }),
  automationRuleEnabled: declare("automation/rule_enabled", z.object({ ruleId: z.string(), by: actor }), {
    historyOnly: "the engine reads the rule's enabled flag when it matches; this is the audit record",
  }),
  automationRuleDisabled: declare("automation/rule_disabled", z.object({ ruleId: z.string(), by: actor }), {
    historyOnly: "the engine reads the rule's enabled flag when it matches; this is the audit record",
  }),

  // API clients of the intake API (server/services/api-clients)
  apiClientChanged: declare(
    "api_client/changed",
    z.object({ clientId: rowId, keyId: rowId.nullable(), change: z.enum(apiClientChanges), by: actor }),
    { historyOnly: "an operator's change to who may call the intake API, kept as its audit record" },
  ),
  // An NDJSON file uploaded in the console, stored under .data/imports/ (inngest/functions/import-bookings.ts).
  importUploaded: declare("import/uploaded", z.object({ runId: rowId })),
};
