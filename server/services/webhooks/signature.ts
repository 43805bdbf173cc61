import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Provider webhook signatures (the scheme every provider adapter, the sandbox included, signs with):
 *
 *   X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>[,v1=<…>]
 *
 * - The HMAC covers the exact bytes received, so the body is verified before it is parsed.
 * - Several `v1=` entries are allowed: during a secret rotation the provider signs with old and new.
 * - `t` must lie within 5 minutes of our clock, in either direction: an old capture replayed later,
 *   or a future-dated one, is refused (dedupe on the webhook id covers replays inside the window).
 * - Signatures are compared in constant time.
 */
export const SIGNATURE_HEADER = "x-webhook-signature";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch"; message: string };

export function computeSignature(secret: string, t: number, body: string | Uint8Array): string {
  return createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
}

/** The header value for `body` signed at `t` (unix seconds); for the sandbox providers and tests. */
export function signWebhook(secret: string, body: string | Uint8Array, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

export function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) v1.push(value.toLowerCase());
    // Unknown schemes (v0, v2…) are ignored, as a provider may add one before we support it.
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

/** Checks the header against each candidate secret (current first; more than one while rotating). */
export function verifySignature(
  secrets: readonly string[],
  header: string | null | undefined,
  body: string | Uint8Array,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing", message: "Missing X-Webhook-Signature header" };
  const parsed = parseSignatureHeader(header);
  if (!parsed)
    return { ok: false, reason: "malformed", message: "X-Webhook-Signature must be t=<unix seconds>,v1=<hex sha256>" };
  if (Math.abs(nowSeconds - parsed.t) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: "stale", message: "Signature timestamp is outside the 5-minute tolerance" };
  }
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, parsed.t, body), "hex");
    for (const candidate of parsed.v1) {
      if (timingSafeEqual(expected, Buffer.from(candidate, "hex"))) return { ok: true };
    }
  }
  return { ok: false, reason: "mismatch", message: "Signature does not match" };
}
