import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A signing key in the shape Inngest issues (`signkey-prod-<64 hex>`), so the SDK runs in signed mode. */
export function generateSigningKey(): string {
  return `signkey-prod-${randomBytes(32).toString("hex")}`;
}

/** An event key for `/e/:key` (any opaque string works for the SDK). */
export function generateEventKey(): string {
  return randomBytes(24).toString("hex");
}

const stripPrefix = (key: string) => key.replace(/^signkey-[\w]+-/, "");

/**
 * What the SDK sends as `Authorization: Bearer …` on sync: the prefix kept, the hex key's bytes
 * hashed with sha256 (helpers/strings.ts hashSigningKey).
 */
export function hashSigningKey(signingKey: string): string {
  const prefix = signingKey.match(/^signkey-[\w]+-/)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(stripPrefix(signingKey), "hex"))
      .digest("hex")
  );
}

export function bearerMatches(header: string | undefined, signingKey: string): boolean {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return false;
  const a = Buffer.from(token),
    b = Buffer.from(hashSigningKey(signingKey));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * JSON with object keys sorted (RFC 8785 for the values JSON produces): the SDK verifies the
 * HMAC over `canonicalize(parsedBody)`, not over the bytes on the wire.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** `X-Inngest-Signature` for a call: `t=<unix s>&s=hmac_sha256(key without prefix, canonical body + t)`. */
export function signBody(body: unknown, signingKey: string, nowMs: number = Date.now()): string {
  const t = Math.round(nowMs / 1000).toString();
  const s = createHmac("sha256", stripPrefix(signingKey))
    .update(canonicalJson(body) + t)
    .digest("hex");
  return `t=${t}&s=${s}`;
}
