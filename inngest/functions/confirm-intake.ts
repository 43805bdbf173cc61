import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { generateDocuments } from "@/server/services/documents/generate-documents";
import {
  checkItemsWithProvider,
  intakeProviderPlan,
  type ItemCheck,
} from "@/server/services/intake/check-with-provider";
import { queueDocumentDelivery } from "@/server/services/intake/confirmation-messages";
import { applyIntakeChecks } from "@/server/services/intake/confirm-with-providers";
import { raiseIntakeUnconfirmed } from "@/server/services/intake/intake-unconfirmed";
import { inngest } from "../client";

const RETRIES = 6;

/**
 * The intake journey (docs/architecture.md, "Intake journey"): a booking handed over by a checkout
 * arrives pending; one step per provider reads the provider's bookings and compares them (reads
 * only: a step run twice asks twice and changes nothing); one step applies every answer in one
 * transaction (statuses, refunds owed, follow-ups, the confirmation messages); then the documents
 * are generated (the documents service, as generate-documents does) and sent once. A provider that
 * does not answer fails its step and is asked again after the backoff; when retries run out the
 * booking stays pending and a human is asked (onFailure). One run per booking.
 */
export const confirmIntake = inngest.createFunction(
  {
    id: "confirm-intake",
    name: "Confirm an intake booking with its providers",
    triggers: [{ event: events.bookingCreated, if: "event.data.status == 'pending'" }],
    idempotency: "event.data.bookingId",
    concurrency: { key: "event.data.bookingId", limit: 1 },
    retries: RETRIES,
    onFailure: async ({ event, error }) => {
      await raiseIntakeUnconfirmed(getDb(), event.data.event.data.bookingId as string, error.message);
    },
  },
  async ({ event, step }) => {
    const bookingId = event.data.bookingId;
    const plan = await step.run("plan", () => intakeProviderPlan(getDb(), bookingId));
    const checks: ItemCheck[] = [];
    for (const providerCode of plan) {
      const answers = await step.run(`check with ${providerCode}`, () =>
        checkItemsWithProvider(getDb(), bookingId, providerCode),
      );
      checks.push(...(answers as ItemCheck[]));
    }
    const now = await step.run("now", () => new Date().toISOString());
    const outcome = await step.run("apply", () =>
      applyIntakeChecks(getDb(), bookingId, checks, { now: new Date(now) }),
    );
    if (!outcome.live) return outcome;
    // The booking/status_changed just written also starts generate-documents; whichever stores them
    // first wins, the other finds them unchanged. The delivery needs them stored, so it waits here.
    await step.run("documents", async () => (await generateDocuments(getDb(), bookingId)).created.length);
    await step.run("deliver documents", () => queueDocumentDelivery(getDb(), bookingId));
    return outcome;
  },
);
