// `/api/v1/credits`: travel credit for checkouts (docs/architecture.md, "Money (second wave)").
// Authenticated exactly like the intake (API key, and signature over the exact bytes when the
// client has a secret): GET balance, POST holds, POST holds/{id}/release. Capture happens at intake.
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { balanceQuery, holdRequest } from "@/server/domain/credits/api";
import { MAX_JSON_BODY_BYTES, readBody, tooLargeMessage } from "@/server/http/body-limit";
import {
  authenticateApiClient,
  SIGNATURE_HEADER_INTAKE,
  type ApiClientIdentity,
} from "@/server/services/api-clients/authenticate";
import { creditBalance } from "@/server/services/credits/balance";
import { CreditRefused } from "@/server/services/credits/credit-refused";
import { placeHold, releaseHold, type HoldView } from "@/server/services/credits/holds";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
const refuse = (status: number, error: string, field: string, message: string) =>
  json(status, { error, message: `${field}: ${message}`, issues: [{ field, message }] });
const invalid = (e: z.ZodError) => {
  const issues = e.issues
    .slice(0, 50)
    .map((i) => ({ field: i.path.map(String).join(".") || "body", message: i.message }));
  return json(422, {
    error: "invalid_request",
    message: issues.map((i) => `${i.field}: ${i.message}`).join("; "),
    issues,
  });
};
const holdJson = (h: HoldView) => ({ ...h, expiresAt: h.expiresAt.toISOString() });

/** Authenticates the request over its exact bytes, then runs `then` with the client (or answers the refusal). */
async function withClient(
  req: Request,
  bytes: Uint8Array,
  then: (db: Db, client: ApiClientIdentity) => Promise<Response>,
): Promise<Response> {
  const db = getDb();
  const auth = await authenticateApiClient(db, {
    authorization: req.headers.get("authorization"),
    signature: req.headers.get(SIGNATURE_HEADER_INTAKE),
    body: bytes,
  });
  if (!auth.ok)
    return json(
      auth.status,
      { error: "unauthorized", message: auth.message },
      { "www-authenticate": 'Bearer realm="intake"' },
    );
  try {
    return await then(db, auth.client);
  } catch (e) {
    if (e instanceof CreditRefused)
      return refuse(
        e.status,
        e.status === 404 ? "not_found" : e.status === 409 ? "conflict" : "invalid_request",
        e.field,
        e.message,
      );
    throw e;
  }
}

async function jsonBody(req: Request): Promise<{ bytes: Uint8Array; value: unknown } | Response> {
  const bytes = await readBody(req, MAX_JSON_BODY_BYTES);
  if (bytes === null) return json(413, { error: "too_large", message: tooLargeMessage(MAX_JSON_BODY_BYTES) });
  if (bytes.length === 0) return { bytes, value: {} };
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? ""))
    return json(415, { error: "unsupported_media_type", message: "Send the body as Content-Type: application/json" });
  try {
    return { bytes, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch (e) {
    return json(400, { error: "invalid_json", message: `The body is not JSON: ${(e as Error).message}` });
  }
}

/** GET /api/v1/credits/balance?account=…[&currency=…] */
export async function GET_BALANCE(req: Request) {
  return withClient(req, new Uint8Array(), async (db) => {
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const q = balanceQuery.safeParse(params);
    if (!q.success) return invalid(q.error);
    return json(200, await creditBalance(db, q.data.account, { currency: q.data.currency }));
  });
}

/** POST /api/v1/credits/holds */
export async function POST_HOLD(req: Request) {
  const body = await jsonBody(req);
  if (body instanceof Response) return body;
  return withClient(req, body.bytes, async (db, client) => {
    const input = holdRequest.safeParse(body.value);
    if (!input.success) return invalid(input.error);
    const { hold, replayed } = await placeHold(db, client.id, input.data);
    return replayed ? json(200, holdJson(hold), { "idempotent-replayed": "true" }) : json(201, holdJson(hold));
  });
}

/** POST /api/v1/credits/holds/{id}/release */
export async function POST_RELEASE(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const body = await jsonBody(req);
  if (body instanceof Response) return body;
  const { id } = await params;
  return withClient(req, body.bytes, async (db, client) => {
    if (!UUID.test(id)) return refuse(404, "not_found", "id", `There is no hold ${id}`);
    return json(200, holdJson(await releaseHold(db, client.id, id)));
  });
}
