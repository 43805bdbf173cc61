import { getDb } from "@/db/client";
import { receiveResendWebhook } from "@/server/services/comms/receive-resend-webhook";

const MAX_BYTES = 256 * 1024;

// Resend delivery events (Svix-signed). The signature covers the exact bytes: read them raw.
// Forged, missing or stale signature → 401 and nothing stored; signed but malformed → 400, nothing
// stored; a repeated svix-id → 200, ignored.
export async function POST(req: Request) {
  if (Number(req.headers.get("content-length")) > MAX_BYTES)
    return Response.json({ error: "too large" }, { status: 413 });
  const raw = await req.text();
  const r = await receiveResendWebhook(getDb(), raw, req.headers);
  if (!r.ok)
    return r.reason === "signature"
      ? Response.json({ error: "invalid signature" }, { status: 401 })
      : Response.json({ error: "not a Resend event" }, { status: 400 });
  return Response.json({ received: true, duplicate: r.duplicate });
}
