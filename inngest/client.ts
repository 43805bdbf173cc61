import { Inngest } from "inngest";

/**
 * The one Inngest client. Where it sends events and who may call `/api/inngest` come from the
 * SDK's own environment variables (INNGEST_BASE_URL, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY,
 * INNGEST_DEV): the launcher points them at the local Inngest-compatible server (server/jobs),
 * or a deployment points them at Inngest Cloud, a self-hosted Inngest or a dev server.
 */
export const inngest = new Inngest({ id: "booking-ops" });
