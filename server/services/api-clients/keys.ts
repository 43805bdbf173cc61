import { createHash, randomBytes } from "node:crypto";
import { API_KEY_SCHEME, SIGNING_SECRET_SCHEME } from "@/server/domain/api-keys";

/** A new API key: `bk_` + base64url of 32 random bytes. Returned to the caller once, never stored. */
export const generateApiKey = () => API_KEY_SCHEME + randomBytes(32).toString("base64url");

/** A new signing secret for X-Signature (stored: the HMAC is recomputed with it). */
export const generateSigningSecret = () => SIGNING_SECRET_SCHEME + randomBytes(32).toString("base64url");

/**
 * What `api_keys.key_hash` holds: sha256 hex of the whole key. The key has 256 random bits, so a
 * slow password hash would add cost to every request and no safety.
 */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");
