import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { generateDocuments } from "@/server/services/documents/generate-documents";
import { inngest } from "../client";

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
    triggers: [events.itemStatusChanged, events.bookingStatusChanged, events.documentsRequested],
    concurrency: { key: "event.data.bookingId", limit: 1 },
    retries: 5,
  },
  async ({ event, step }) =>
    step.run("generate", async () => {
      const r = await generateDocuments(getDb(), event.data.bookingId);
      return { found: r.found, created: r.created.map((d) => `${d.kind} v${d.version}`), unchanged: r.unchanged };
    }),
);
