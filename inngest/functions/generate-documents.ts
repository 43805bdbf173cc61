import { eventType } from "inngest";
import { z } from "zod";
import { getDb } from "@/db/client";
import { generateDocuments } from "@/server/services/documents/generate-documents";
import { inngest } from "../client";
import { documentsRequested } from "../events";

// The lifecycle's outbox events (server/services/lifecycle); only bookingId is read here.
const itemStatusChanged = eventType("item/status_changed", { schema: z.looseObject({ bookingId: z.uuid() }) });
const bookingStatusChanged = eventType("booking/status_changed", { schema: z.looseObject({ bookingId: z.uuid() }) });

/**
 * Documents follow the booking: generated on confirmation, regenerated when an item or the booking
 * changes, or on request. One run at a time per booking (concurrency key); each event runs, and the
 * service stores only documents whose content changed, so repeated or overlapping events cost one
 * cheap comparison. A failure has raised a medium alert in the service and is retried here.
 */
export const generateDocumentsFn = inngest.createFunction(
  {
    id: "generate-documents",
    name: "Generate booking documents",
    triggers: [itemStatusChanged, bookingStatusChanged, documentsRequested],
    concurrency: { key: "event.data.bookingId", limit: 1 },
    retries: 5,
  },
  async ({ event, step }) =>
    step.run("generate", async () => {
      const r = await generateDocuments(getDb(), event.data.bookingId);
      return { found: r.found, created: r.created.map((d) => `${d.kind} v${d.version}`), unchanged: r.unchanged };
    }),
);
