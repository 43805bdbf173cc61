import { z } from "zod";
import { getDb } from "@/db/client";
import { storableAsJsonb } from "@/server/domain/jsonb";
import { MAX_JSON_BODY_BYTES, readText, tooLargeMessage } from "@/server/http/body-limit";
import { paymentGateway, WebhookPayloadError, WebhookSignatureError } from "@/server/payments";
import { storePaymentEvent } from "@/server/services/payment-events/store-payment-event";

// Stripe webhooks (and the local gateway's, which are signed the same way): verify the signature
// on the raw body (forged, stale or missing → 401, nothing stored; signed but not JSON → 400), store
// the event once, answer; the process-payment-event function does the work.
const stripeEvent = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.looseObject({ id: z.string().max(255).optional() }) }),
});

export async function POST(req: Request) {
  const raw = await readText(req, MAX_JSON_BODY_BYTES);
  if (raw === null) return json(413, { error: tooLargeMessage(MAX_JSON_BODY_BYTES) });
  const db = getDb();
  let event;
  try {
    event = await paymentGateway(db).parseWebhook(raw, req.headers.get("stripe-signature"));
  } catch (e) {
    if (e instanceof WebhookSignatureError) return json(401, { error: `Signature ${e.reason}` });
    return json(400, {
      error: e instanceof WebhookPayloadError ? "Not a Stripe event: the body is not JSON" : "Not a Stripe event",
    });
  }
  // Signed but not an event we can store (no id/type/data.object, or text jsonb refuses): 400, not a 500.
  if (!stripeEvent.safeParse(event).success || !storableAsJsonb(event))
    return json(400, { error: "Not a Stripe event" });
  const id = await storePaymentEvent(db, event);
  return json(200, { received: true, duplicate: id === null });
}

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });
