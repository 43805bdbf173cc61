import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { functions, inngest } from "@/inngest";
import { foreignSyncMessage, isForeignSync, serveSettings } from "@/inngest/serve";
import { env } from "@/server/env";

// Inngest (or the local Inngest-compatible server) calls this to run functions; every call is
// signed with the signing key, and the SDK refuses unsigned ones unless INNGEST_DEV is set.
// The sync (PUT) is not signed: it is pinned to APP_URL and refused through any other host.
const handlers = serve({ client: inngest, functions, ...serveSettings(env.APP_URL) });
export const { GET, POST } = handlers;
export const PUT = (req: NextRequest, ctx: unknown) =>
  isForeignSync("PUT", req.headers.get("host"), env.APP_URL)
    ? Response.json({ error: foreignSyncMessage }, { status: 403 })
    : handlers.PUT(req, ctx);
