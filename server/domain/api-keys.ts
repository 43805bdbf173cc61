// API clients and their keys (docs/architecture.md, "Intake"): the shapes every layer shares.

/** `checkout`: a travel platform's checkout; `import`: the built-in client console and CLI imports run as. */
export const apiClientKinds = ["checkout", "import"] as const;
export type ApiClientKind = (typeof apiClientKinds)[number];

/** A key is `bk_` + base64url of 32 random bytes (43 characters): 256 bits, unguessable. */
export const API_KEY_SCHEME = "bk_";
export const apiKeyPattern = /^bk_[A-Za-z0-9_-]{43}$/;

/** What the console shows of a key (the rest exists only in the caller's hands). */
export const API_KEY_SHOWN_CHARS = 12;
export const keyDisplayPrefix = (key: string) => key.slice(0, API_KEY_SHOWN_CHARS);

/** A signing secret: `bksig_` + base64url of 32 random bytes. */
export const SIGNING_SECRET_SCHEME = "bksig_";

/** `last_used_at` is written at most this often per key, so a busy key costs no write per request. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

/** What an operator did to a client or its keys: the `api_client/changed` event's audit record. */
export const apiClientChanges = [
  "client_created",
  "client_revoked",
  "key_issued",
  "key_revoked",
  "secret_rotated",
  "secret_cleared",
] as const;
export type ApiClientChange = (typeof apiClientChanges)[number];
