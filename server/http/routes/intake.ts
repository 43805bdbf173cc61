// `POST /api/v1/bookings`: the intake API (docs/architecture.md, "Intake"). Authenticated by API key
// (and signature, when the client has a secret) over the exact bytes received, at most 1 MB. The
// launcher serves this path on its fast path (server/http/intake-fast-path.ts) with the same
// `answerIntake`; this route is for deployments that run Next alone.
import { getDb, type Db } from "@/db/client";
import { MAX_JSON_BODY_BYTES, readBody, tooLargeMessage } from "@/server/http/body-limit";
import { authenticateApiClient, SIGNATURE_HEADER_INTAKE } from "@/server/services/api-clients/authenticate";
import { intakeBooking, type IntakeReply } from "@/server/services/intake/intake-booking";
import type { CommitIntake } from "@/server/services/intake/store-intakes";

export type IntakeRequest = {
  authorization: string | null;
  signature: string | null;
  contentType: string | null;
  bytes: Uint8Array;
};
type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export const intakeTooLarge = (): Reply => ({
  status: 413,
  body: { error: "too_large", message: tooLargeMessage(MAX_JSON_BODY_BYTES) },
});

/** The answer to one intake request whose body was read within the limit. */
export async function answerIntake(db: Db, req: IntakeRequest, commit?: CommitIntake): Promise<Reply | IntakeReply> {
  try {
    const auth = await authenticateApiClient(db, {
      authorization: req.authorization,
      signature: req.signature,
      body: req.bytes,
    });
    if (!auth.ok)
      return {
        status: auth.status,
        body: { error: "unauthorized", message: auth.message },
        headers: { "www-authenticate": 'Bearer realm="intake"' },
      };
    if (!/^application\/json\b/i.test(req.contentType ?? ""))
      return {
        status: 415,
        body: { error: "unsupported_media_type", message: "Send the booking as Content-Type: application/json" },
      };
    return await intakeBooking(db, auth.client, new TextDecoder().decode(req.bytes), commit);
  } catch (e) {
    console.error("intake failed:", e);
    return {
      status: 503,
      body: {
        error: "unavailable",
        message: "The booking could not be stored right now; retrying with the same checkoutSessionId is safe",
      },
    };
  }
}

export async function POST(req: Request) {
  const bytes = await readBody(req, MAX_JSON_BODY_BYTES);
  const reply =
    bytes === null
      ? intakeTooLarge()
      : await answerIntake(getDb(), {
          authorization: req.headers.get("authorization"),
          signature: req.headers.get(SIGNATURE_HEADER_INTAKE),
          contentType: req.headers.get("content-type"),
          bytes,
        });
  return Response.json(reply.body, {
    status: reply.status,
    headers: { "cache-control": "no-store", ...reply.headers },
  });
}
