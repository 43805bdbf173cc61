import { createHash, randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { describeIssues } from "@/server/domain/input";
import type { IntakeAnswer, IntakeError } from "@/server/domain/intake/answer";
import { bookingIntakeV1, type BookingIntakeV1 } from "@/server/domain/intake/booking-v1";
import { env } from "@/server/env";
import { paymentGateway } from "@/server/payments";
import type { ApiClientIdentity } from "@/server/services/api-clients/authenticate";
import { conflictOf } from "./intake-conflicts";
import { findCreated, logIntake } from "./intake-log";
import { newReference } from "./reference";
import { intakeRows } from "./intake-rows";
import { commitAlone, type CommitIntake, type PreparedIntake } from "./store-intakes";

export type IntakeReply = { status: number; body: IntakeAnswer | IntakeError; headers?: Record<string, string> };

/**
 * Takes one booking from a checkout (docs/architecture.md, "Intake"): validate, then in one
 * transaction the booking and its items (pending, through the lifecycle's createBookings, with its
 * history row and `booking/created`), its card payments and the idempotency record. The answer
 * is sent only after that commit. A retry with the same checkout session id and body gets the
 * first answer back; another body under the same id is a 409. Nothing is half-written: every
 * refusal rolls the whole booking back and is only logged.
 */
export async function intakeBooking(
  db: Db,
  client: ApiClientIdentity,
  text: string,
  commit: CommitIntake = commitAlone(db),
): Promise<IntakeReply> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return refuse(db, client, null, null, 400, "invalid_json", `The body is not JSON: ${(e as Error).message}`);
  }
  const parsed = bookingIntakeV1.safeParse(raw);
  const sessionId =
    typeof (raw as { checkoutSessionId?: unknown })?.checkoutSessionId === "string"
      ? (raw as { checkoutSessionId: string }).checkoutSessionId.slice(0, 255)
      : null;
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 50)
      .map((i) => ({ field: i.path.map(String).join(".") || "body", message: i.message }));
    return refuse(db, client, sessionId, null, 422, "invalid_request", describeIssues(parsed.error), issues);
  }
  const body = parsed.data;
  const sha = createHash("sha256").update(JSON.stringify(raw)).digest("hex");
  // No look-up before writing: a retry is rare, and the write finds it anyway (the session id's
  // unique record, or the provider references it shares), at the cost of one rolled-back attempt.
  for (let attempt = 0; ; attempt++) {
    const reference = body.reference ?? newReference();
    try {
      const prepared = prepare(db, client.id, body, reference, sha);
      await commit(prepared);
      return { status: 201, body: prepared.answer };
    } catch (e) {
      // Another request with this session id won a race (on the idempotency record, or on a
      // provider reference or payment the two share): its answer is this one's too.
      const first = await findCreated(db, client.id, body.checkoutSessionId);
      if (first) return replay(db, client, first, sha);
      const conflict = conflictOf(e, body);
      if (conflict?.field === "reference" && !body.reference && attempt < 3) continue; // a made-up reference was taken
      if (!conflict) throw e;
      return refuse(db, client, body.checkoutSessionId, sha, conflict.status, conflict.error, conflict.message, [
        { field: conflict.field, message: conflict.message },
      ]);
    }
  }
}

function prepare(db: Db, clientId: string, body: BookingIntakeV1, reference: string, sha: string): PreparedIntake {
  const bookingId = randomUUID();
  const itemIds = body.items.map(() => randomUUID());
  const rows = intakeRows(body, { bookingId, itemIds, reference, gateway: paymentGateway(db).name });
  const answer: IntakeAnswer = {
    bookingId,
    reference,
    status: "pending",
    items: body.items.map((item, i) => ({
      id: itemIds[i],
      provider: item.provider,
      providerReference: item.providerReference,
      status: "pending",
    })),
    links: {
      portal: new URL(`/bookings/${reference}`, env.APP_URL).toString(),
      console: new URL(`/ops/bookings/${bookingId}`, env.APP_URL).toString(),
    },
  };
  return { clientId, sha, body, rows, answer };
}

async function replay(
  db: Db,
  client: ApiClientIdentity,
  first: { sessionId: string; bodySha256: string | null; response: unknown; bookingId: string | null },
  sha: string,
): Promise<IntakeReply> {
  if (first.bodySha256 === sha) {
    await logIntake(db, {
      clientId: client.id,
      sessionId: first.sessionId,
      outcome: "duplicate",
      httpStatus: 201,
      bodySha256: sha,
      bookingId: first.bookingId,
      response: first.response,
    });
    return { status: 201, body: first.response as IntakeAnswer, headers: { "idempotent-replayed": "true" } };
  }
  const reference = (first.response as IntakeAnswer).reference;
  const message = `checkoutSessionId ${first.sessionId} already created booking ${reference} with a different body`;
  return refuse(db, client, first.sessionId, sha, 409, "idempotency_conflict", message, [
    { field: "checkoutSessionId", message },
  ]);
}

async function refuse(
  db: Db,
  client: ApiClientIdentity,
  sessionId: string | null,
  sha: string | null,
  status: number,
  error: string,
  message: string,
  issues?: IntakeError["issues"],
): Promise<IntakeReply> {
  const body: IntakeError = { error, message, ...(issues ? { issues } : {}) };
  const outcome = status === 409 ? "conflict" : "invalid";
  await logIntake(db, {
    clientId: client.id,
    sessionId,
    outcome,
    httpStatus: status,
    bodySha256: sha,
    bookingId: null,
    response: body,
  });
  return { status, body };
}
