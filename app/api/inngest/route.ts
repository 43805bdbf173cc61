import { serve } from "inngest/next";
import { functions, inngest } from "@/inngest";

// Inngest (or the local Inngest-compatible server) calls this to run functions; every call is
// signed with the signing key, and the SDK refuses unsigned ones unless INNGEST_DEV is set.
export const { GET, POST, PUT } = serve({ client: inngest, functions });
