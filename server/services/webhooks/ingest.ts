import type { Db } from "@/db/client";
import { MAX_JSON_DEPTH, storableAsJsonb } from "@/server/domain/jsonb";
import { webhookEnvelope, type VerifiedWebhook } from "./envelope";
import type { ProviderSecrets } from "./provider-secrets";
import { verifySignature } from "./signature";
import { storeWebhooks, type StoreOutcome } from "./store-webhooks";

/**
 * Provider webhook ingestion, shared by the Next route and the fast path (server/webhooks):
 * verify → parse → store once. Answers:
 *   200 { ok: true, id, duplicate: false }   stored now (with its outbox event)
 *   200 { ok: true, duplicate: true }        this provider sent this id before: not stored again
 *   400 { error: { code: "invalid", field } } signed, but the body is not a valid envelope
 *   401 { error: { code: "unauthorized" } }  signature missing, forged, malformed or outside 5 min
 *   404 { error: { code: "not_found" } }     no such provider (its code is in the URL, not secret)
 *   413                                      body over 256 KB
 *   503 { error: { code: "unavailable" } }   the database failed: nothing stored, the provider retries
 * Nothing is stored for any non-200 answer.
 */
export type IngestReply = { status: number; body: Record<string, unknown> };

export const MAX_WEBHOOK_BYTES = 256 * 1024;
const PROVIDER_CODE = /^[a-z0-9][a-z0-9_-]{0,49}$/;

const fail = (status: number, code: string, message: string, field?: string): IngestReply => ({
  status,
  body: { error: field ? { code, message, field } : { code, message } },
});

export const tooLarge = () =>
  fail(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes`);
export const unavailable = () => fail(503, "unavailable", "Could not store the webhook; retry later");
export const storedReply = (o: StoreOutcome): IngestReply => ({
  status: 200,
  body: o.duplicate ? { ok: true, duplicate: true } : { ok: true, id: o.id, duplicate: false },
});

export type IngestInput = {
  provider: string;
  signature: string | null | undefined;
  body: Uint8Array;
  nowSeconds?: number;
};

/** Signature, then envelope: the body is not looked at until its signature checks out. */
export async function verifyWebhook(
  secrets: ProviderSecrets,
  input: IngestInput,
): Promise<{ ok: true; event: VerifiedWebhook } | { ok: false; reply: IngestReply }> {
  const { provider, signature, body, nowSeconds } = input;
  if (!PROVIDER_CODE.test(provider)) return { ok: false, reply: fail(404, "not_found", "Unknown provider") };
  if (body.byteLength > MAX_WEBHOOK_BYTES) return { ok: false, reply: tooLarge() };

  let secret = await secretsFor(secrets, provider, false);
  if (secret === null) return { ok: false, reply: fail(404, "not_found", `Unknown provider ${provider}`) };
  let check = verifySignature([secret], signature, body, nowSeconds);
  if (!check.ok && check.reason === "mismatch") {
    // The secret may have been rotated since it was cached: reload once (throttled) and retry.
    const fresh = await secretsFor(secrets, provider, true);
    if (fresh !== null && fresh !== secret) {
      secret = fresh;
      check = verifySignature([secret], signature, body, nowSeconds);
    }
  }
  if (!check.ok) return { ok: false, reply: fail(401, "unauthorized", check.message) };

  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reply: fail(400, "invalid", "Body is not valid JSON", "body") };
  }
  // jsonb refuses NUL and unpaired surrogates, and nesting past what jsonb and JSON.stringify take:
  // refuse them here rather than fail a whole batch in the database.
  if (!storableAsJsonb(json)) {
    return {
      ok: false,
      reply: fail(
        400,
        "invalid",
        `Body contains \\u0000 or an unpaired UTF-16 surrogate, or nests deeper than ${MAX_JSON_DEPTH} levels`,
        "body",
      ),
    };
  }
  const parsed = webhookEnvelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join(".") || "body";
    return { ok: false, reply: fail(400, "invalid", `${field}: ${issue.message}`, field) };
  }
  const e = parsed.data;
  return { ok: true, event: { provider, webhookId: e.id, type: e.type, occurredAt: e.occurred_at, rawBody: text } };
}

async function secretsFor(secrets: ProviderSecrets, provider: string, afterMiss: boolean) {
  const s = await secrets.secretFor(provider, { afterMiss });
  // An unknown code is a miss too: the provider may have been added since the cache was loaded.
  return s === null && !afterMiss ? secrets.secretFor(provider, { afterMiss: true }) : s;
}

/** Verify and store one webhook in its own transaction (the Next route's path). */
export async function ingestWebhook(db: Db, secrets: ProviderSecrets, input: IngestInput): Promise<IngestReply> {
  let verified: Awaited<ReturnType<typeof verifyWebhook>>;
  try {
    verified = await verifyWebhook(secrets, input);
  } catch (e) {
    console.error("webhook verify failed:", e instanceof Error ? e.message : e);
    return unavailable(); // the secrets could not be loaded
  }
  if (!verified.ok) return verified.reply;
  try {
    const [outcome] = await storeWebhooks(db, [verified.event]);
    return storedReply(outcome);
  } catch (e) {
    console.error("webhook store failed:", e instanceof Error ? e.message : e);
    return unavailable();
  }
}
