// The local gateway's request plumbing, shared by its intents, refunds and disputes: Stripe-like
// idempotency (one answer per key, replayed; other parameters refused), taking an injected fault
// (local-faults.ts) in the request's transaction, and the `resource_missing` error.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { localGatewayFaults, localGatewayIdempotency } from "@/db/schema";
import { AmbiguousOutcomeError, GatewayError, GatewayUnavailableError, PaymentDeclinedError } from "./errors";

type StoredError = {
  kind: string;
  code?: string;
  message: string;
  declineCode?: string;
  details?: Record<string, unknown>;
};
export type Outcome = { object: unknown; declined?: PaymentDeclinedError };
export type Fault = typeof localGatewayFaults.$inferSelect;

const hashOf = (op: string, params: unknown) =>
  createHash("sha256")
    .update(`${op}:${JSON.stringify(params)}`)
    .digest("hex");

/** Takes one unit of the oldest pending fault for `operation`, in the caller's transaction. */
async function consumeFault(tx: Tx, operation: "refund" | "charge"): Promise<Fault | null> {
  const rows = await tx.execute<{ id: number }>(sql`
    UPDATE local_gateway_faults SET remaining = remaining - 1
    WHERE id = (SELECT id FROM local_gateway_faults WHERE operation = ${operation} AND remaining > 0 ORDER BY id LIMIT 1 FOR UPDATE)
    RETURNING id`);
  const id = rows[0]?.id;
  if (id === undefined) return null;
  const [f] = await tx
    .select()
    .from(localGatewayFaults)
    .where(eq(localGatewayFaults.id, Number(id)));
  return f ?? null;
}

/**
 * Runs `body` once per idempotency key. The key's row is inserted first: concurrent requests with
 * the same key wait on it and then replay the stored answer. `body` runs in a savepoint, so an
 * error it throws undoes its writes but keeps the fault it consumed.
 */
export async function idempotent<T>(
  db: Db,
  key: string | undefined,
  op: string,
  params: unknown,
  faultOp: "refund" | "charge" | null,
  body: (tx: Tx, fault: Fault | null) => Promise<Outcome>,
  map: (object: unknown) => T,
): Promise<T> {
  const hash = hashOf(op, params);
  let result: { object?: unknown; error?: Error; after?: Error } = {};
  await db.transaction(async (tx) => {
    if (key) {
      const ins = await tx
        .insert(localGatewayIdempotency)
        .values({ key, operation: op, requestHash: hash })
        .onConflictDoNothing()
        .returning({ key: localGatewayIdempotency.key });
      if (ins.length === 0) {
        const [row] = await tx.select().from(localGatewayIdempotency).where(eq(localGatewayIdempotency.key, key));
        if (!row || row.requestHash !== hash) {
          result = {
            error: new GatewayError(
              "idempotency_conflict",
              `Idempotency key ${key} was used with other parameters`,
              "idempotency_key_in_use",
            ),
          };
        } else if (row.response?.error) {
          result = { error: rebuildError(row.response.error) };
        } else result = { object: row.response?.object };
        return;
      }
    }
    const fault = faultOp ? await consumeFault(tx, faultOp) : null;
    const forget = async () => {
      if (key) await tx.delete(localGatewayIdempotency).where(eq(localGatewayIdempotency.key, key));
    };
    if (fault?.mode === "unavailable") {
      await forget(); // nothing happened: a retry with the key acts afresh (Stripe saves no result)
      result = { error: new GatewayUnavailableError("Local gateway unavailable (injected fault)") };
      return;
    }
    try {
      const out = await tx.transaction((sp) => body(sp, fault));
      if (out.declined) {
        const e = out.declined;
        if (key)
          await tx
            .update(localGatewayIdempotency)
            .set({
              response: {
                error: {
                  kind: e.kind,
                  code: e.code,
                  message: e.message,
                  declineCode: e.declineCode,
                  details: e.details,
                },
              },
            })
            .where(eq(localGatewayIdempotency.key, key));
        result = { error: e };
        return;
      }
      if (key)
        await tx
          .update(localGatewayIdempotency)
          .set({ response: { object: out.object } })
          .where(eq(localGatewayIdempotency.key, key));
      result = { object: out.object };
      if (fault?.mode === "timeout_after_success")
        result.after = new AmbiguousOutcomeError(
          "Local gateway timed out after acting (injected fault): retry with the same key",
        );
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      await forget(); // refused requests are not saved (Stripe saves no result for failed validation)
      result = { error: e };
    }
  });
  if (result.error) throw result.error;
  if (result.after) throw result.after;
  return map(result.object);
}

function rebuildError(e: StoredError): Error {
  if (e.kind === "declined") return new PaymentDeclinedError(e.declineCode ?? "generic_decline", e.message, e.details);
  return new GatewayError(e.kind as GatewayError["kind"], e.message, e.code, e.details);
}

export const notFound = (what: string, id: string) =>
  new GatewayError("not_found", `No such ${what}: '${id}'`, "resource_missing");
