import { getDb } from "@/db/client";
import { MAX_JSON_BODY_BYTES, readText, tooLargeMessage } from "@/server/http/body-limit";
import { receiveResendWebhook } from "@/server/services/comms/receive-resend-webhook";

// Resend delivery events (Svix-signed, svix-* or webhook-* headers). The signature covers the exact
// bytes: read them raw. Forged, missing or stale signature → 401 and nothing stored; signed but
// malformed → 400, nothing stored; a repeated message id → 200, ignored.
export async function POST(req: Request) {
  const raw = await readText(req, MAX_JSON_BODY_BYTES);
  if (raw === null) return Response.json({ error: tooLargeMessage(MAX_JSON_BODY_BYTES) }, { status: 413 });
  const r = await receiveResendWebhook(getDb(), raw, req.headers);
  if (!r.ok)
    return r.reason === "signature"
      ? Response.json({ error: "invalid signature" }, { status: 401 })
      : Response.json({ error: "not a Resend event" }, { status: 400 });
  return Response.json({ received: true, duplicate: r.duplicate });
}
