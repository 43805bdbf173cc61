import { z } from "zod";
import type { Db } from "@/db/client";
import { storableAsJsonb } from "@/server/domain/jsonb";
import { resendWebhook } from "@/server/notify/secrets";
import { statusOfResendEvent } from "./delivery-status";
import { recordDeliveryEvent } from "./record-delivery-event";

// What recording relies on; anything else in the event is kept as it came. A field of the wrong
// shape is dropped (.catch) rather than refusing an event Resend would then retry in vain.
const text = z.string().max(1_000);
const resendEvent = z.looseObject({
  type: z.string().min(1).max(100),
  created_at: z
    .string()
    .refine((s) => {
      const t = Date.parse(s);
      return t > 0 && t < Date.UTC(3000, 0, 1);
    })
    .optional()
    .catch(undefined),
  data: z
    .looseObject({
      email_id: z.string().max(255).optional().catch(undefined),
      tags: z
        .union([z.record(z.string(), z.unknown()), z.array(z.looseObject({ name: z.unknown(), value: z.unknown() }))])
        .optional()
        .catch(undefined),
      bounce: z
        .looseObject({
          message: text.optional().catch(undefined),
          type: text.optional().catch(undefined),
          subType: text.optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/**
 * A Resend webhook: the Svix (Standard Webhooks) signature over the exact bytes is checked first (forged, missing or
 * older than 5 minutes → rejected, nothing stored); then the event is recorded once per message id.
 * The local e-mail channel signs its simulated events the same way and comes through here too.
 */
export async function receiveResendWebhook(
  db: Db,
  raw: string,
  headers: Headers,
  source: "resend" | "local" = "resend",
) {
  // Svix names its headers svix-*; Standard Webhooks (which Svix implements) names them webhook-*.
  const header = (name: string) => headers.get(`svix-${name}`) ?? headers.get(`webhook-${name}`) ?? "";
  const h = { "svix-id": header("id"), "svix-timestamp": header("timestamp"), "svix-signature": header("signature") };
  let verified: unknown;
  try {
    verified = resendWebhook().verify(raw, h);
  } catch {
    return { ok: false as const, reason: "signature" as const };
  }
  // Signed, but not an event we can record (no type, or text jsonb refuses): bad input, not a 500.
  const parsed = resendEvent.safeParse(verified);
  if (!parsed.success || !storableAsJsonb(verified)) return { ok: false as const, reason: "invalid" as const };
  const event = parsed.data;
  const tags = event.data?.tags;
  const tag = Array.isArray(tags) ? tags.find((t) => t.name === "communication_id")?.value : tags?.communication_id;
  const communicationId = typeof tag === "string" ? tag : null;
  const bounce = event.data?.bounce;
  const r = await recordDeliveryEvent(db, {
    source,
    externalId: h["svix-id"],
    type: event.type,
    status: statusOfResendEvent(event.type),
    payload: verified,
    occurredAt: event.created_at ? new Date(event.created_at) : null,
    communicationId,
    providerMessageId: event.data?.email_id ?? null,
    detail: bounce ? [bounce.type, bounce.subType, bounce.message].filter(Boolean).join(": ") : undefined,
  });
  return { ok: true as const, ...r };
}
