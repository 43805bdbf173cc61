// The local payment gateway: Stripe's behaviour that our flows depend on, with its state in
// PostgreSQL (db/schema/gateway.ts) so the demo keeps it across restarts, and fault injection.
//
// - Idempotency like Stripe: the first request with a key stores its answer (object or decline);
//   the same key with the same parameters replays it, with other parameters it is refused
//   (idempotency_conflict). Concurrent requests with one key queue on the key's row: one acts.
// - Refunds never exceed what the intent captured (a guarded UPDATE and a CHECK constraint).
// - Payment methods (Stripe's own test ids): `pm_card_authenticationRequired` needs 3-D Secure
//   (requires_action, then completeLocalAction), `pm_card_chargeDeclined` declines
//   (generic_decline), `pm_card_chargeDeclinedInsufficientFunds` declines (insufficient_funds);
//   anything else succeeds.
// - Charges made at checkout (outside this product) exist only in our payment_transactions: a
//   refund naming such a `gateway = 'local'` charge adopts it as a captured intent, with the
//   refunds that had succeeded on it.
// - Faults (local-faults.ts): decline, timeout after success, fail later, unavailable.
import { createHash } from "node:crypto";
import { and, eq, or, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import {
  localGatewayDisputes,
  localGatewayFaults,
  localGatewayFiles,
  localGatewayIdempotency,
  localGatewayPaymentIntents,
  localGatewayRefunds,
  paymentTransactions,
  refunds,
} from "@/db/schema";
import { awaitingEvidenceStatuses, type DisputeStatus } from "@/server/domain/statuses";
import { AmbiguousOutcomeError, GatewayError, GatewayUnavailableError, PaymentDeclinedError } from "./errors";
import {
  type CreatePaymentIntentRequest,
  type DisputeEvidence,
  type EvidenceFile,
  evidenceFileFields,
  type GatewayBalanceRecord,
  type GatewayPaymentIntent,
  type PaymentGateway,
  type RefundRequest,
} from "./gateway";
import {
  type ActionUrl,
  chargeJson,
  disputeJson,
  emitEvent,
  type IntentRow,
  intentJson,
  newId,
  refundJson,
} from "./local-objects";
import { mapDispute, mapIntent, mapRefund } from "./stripe-gateway";
import { localBalanceRecordsSql } from "./local-balance-records";
import { toStripeAmount } from "./stripe-amounts";
import { verifyStripeWebhook } from "./webhook-signature";
import type Stripe from "stripe";

export type LocalGatewayOptions = {
  webhookSecret: string;
  /** The local payment page for `requires_action` (served by the app). */
  actionUrl?: ActionUrl;
  /** How long a `fail_later` refund stays pending before it fails (default: until the next advance). */
  failLaterAfterMs?: number;
  webhookToleranceSeconds?: number;
};

export const testPaymentMethods = {
  succeeds: "pm_card_visa",
  requiresAuthentication: "pm_card_authenticationRequired",
  declined: "pm_card_chargeDeclined",
  insufficientFunds: "pm_card_chargeDeclinedInsufficientFunds",
} as const;

type StoredError = {
  kind: string;
  code?: string;
  message: string;
  declineCode?: string;
  details?: Record<string, unknown>;
};
type Outcome = { object: unknown; declined?: PaymentDeclinedError };
type Fault = typeof localGatewayFaults.$inferSelect;

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
async function idempotent<T>(
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

/** The intent a refund names, adopting a checkout charge recorded in payment_transactions if need be. */
async function findIntentForUpdate(
  tx: Tx,
  target: { paymentIntentId?: string; chargeId?: string },
): Promise<IntentRow | null> {
  const where = target.paymentIntentId
    ? eq(localGatewayPaymentIntents.id, target.paymentIntentId)
    : eq(localGatewayPaymentIntents.chargeId, target.chargeId!);
  let [pi] = await tx.select().from(localGatewayPaymentIntents).where(where).for("update");
  if (pi) return pi;
  const [pt] = await tx
    .select()
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.gateway, "local"),
        eq(paymentTransactions.status, "succeeded"),
        target.paymentIntentId
          ? eq(paymentTransactions.stripePaymentIntentId, target.paymentIntentId)
          : eq(paymentTransactions.stripeChargeId, target.chargeId!),
      ),
    )
    .limit(1);
  if (!pt?.stripePaymentIntentId || pt.amountMinor <= 0) return null;
  const [{ done }] = await tx
    .select({ done: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentTransactionId, pt.id), eq(refunds.status, "succeeded")));
  await tx
    .insert(localGatewayPaymentIntents)
    .values({
      id: pt.stripePaymentIntentId,
      chargeId: pt.stripeChargeId,
      status: "succeeded",
      amountMinor: pt.amountMinor,
      amountReceivedMinor: pt.amountMinor,
      refundedMinor: Math.min(Number(done), pt.amountMinor),
      currency: pt.currency,
      clientSecret: `${pt.stripePaymentIntentId}_secret_checkout`,
      description: "Checkout charge",
      metadata: { paymentTransactionId: pt.id },
      createdAt: pt.createdAt,
    })
    .onConflictDoNothing();
  [pi] = await tx.select().from(localGatewayPaymentIntents).where(where).for("update");
  return pi ?? null;
}

const notFound = (what: string, id: string) =>
  new GatewayError("not_found", `No such ${what}: '${id}'`, "resource_missing");

export function createLocalGateway(db: Db, o: LocalGatewayOptions): PaymentGateway {
  const actionUrl: ActionUrl = o.actionUrl ?? ((id) => `/pay/authenticate/${id}`);
  const mapPi = (x: unknown) => mapIntent(x as Stripe.PaymentIntent);

  async function uploadFile(file: Omit<EvidenceFile, "field">) {
    const id = newId("file");
    await db.insert(localGatewayFiles).values({
      id,
      purpose: "dispute_evidence",
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.byteLength,
      data: Buffer.from(file.data),
    });
    return { fileId: id };
  }

  return {
    name: "local",

    async refund(req: RefundRequest) {
      if (!!req.paymentIntentId === !!req.chargeId)
        throw new GatewayError("invalid", "Give exactly one of paymentIntentId and chargeId", "refund_target", {
          field: "paymentIntentId",
        });
      toStripeAmount(req.amountMinor, req.currency); // the same amount rules as Stripe
      const params = {
        pi: req.paymentIntentId ?? null,
        ch: req.chargeId ?? null,
        amount: req.amountMinor,
        currency: req.currency.toUpperCase(),
        reason: req.reason ?? null,
        metadata: req.metadata ?? {},
      };
      return idempotent(
        db,
        req.idempotencyKey,
        "refund",
        params,
        "refund",
        async (tx, fault) => {
          const pi = await findIntentForUpdate(tx, req);
          if (!pi)
            throw notFound(req.paymentIntentId ? "payment_intent" : "charge", (req.paymentIntentId ?? req.chargeId)!);
          if (pi.currency !== params.currency)
            throw new GatewayError(
              "invalid",
              `Refund currency ${params.currency} differs from the charge's ${pi.currency}`,
              "currency_mismatch",
              { field: "currency" },
            );
          if (pi.status !== "succeeded")
            throw new GatewayError(
              "invalid",
              `PaymentIntent ${pi.id} has no successful charge to refund`,
              "charge_not_refundable",
            );
          if (fault?.mode === "decline") {
            return {
              object: null,
              declined: new PaymentDeclinedError(
                fault.declineCode ?? "refund_declined",
                "The refund was declined (injected fault)",
              ),
            };
          }
          const [upd] = await tx
            .update(localGatewayPaymentIntents)
            .set({
              refundedMinor: sql`${localGatewayPaymentIntents.refundedMinor} + ${req.amountMinor}`,
              updatedAt: new Date(),
            })
            .where(
              and(
                eq(localGatewayPaymentIntents.id, pi.id),
                sql`${localGatewayPaymentIntents.refundedMinor} + ${req.amountMinor} <= ${localGatewayPaymentIntents.amountReceivedMinor}`,
              ),
            )
            .returning();
          if (!upd) {
            const left = pi.amountReceivedMinor - pi.refundedMinor;
            throw new GatewayError(
              "invalid",
              `Refund of ${req.amountMinor} exceeds the ${left} left unrefunded on ${pi.id}`,
              left === 0 ? "charge_already_refunded" : "amount_too_large",
              { field: "amountMinor", remainingMinor: left },
            );
          }
          const failLater = fault?.mode === "fail_later";
          const [r] = await tx
            .insert(localGatewayRefunds)
            .values({
              id: newId("re"),
              paymentIntentId: pi.id,
              chargeId: pi.chargeId,
              amountMinor: req.amountMinor,
              currency: pi.currency,
              status: failLater ? "pending" : "succeeded",
              reason: req.reason ?? null,
              metadata: req.metadata ?? {},
              settleAt: failLater ? new Date(Date.now() + (o.failLaterAfterMs ?? 0)) : null,
              settleTo: failLater ? "failed" : null,
            })
            .returning();
          await emitEvent(tx, "refund.created", refundJson(r), req.idempotencyKey);
          if (!failLater) await emitEvent(tx, "charge.refunded", chargeJson(upd), req.idempotencyKey);
          return { object: refundJson(r) };
        },
        (x) => mapRefund(x as Stripe.Refund),
      );
    },

    async retrieveRefund(id) {
      const [r] = await db.select().from(localGatewayRefunds).where(eq(localGatewayRefunds.id, id));
      if (!r) throw notFound("refund", id);
      return mapRefund(refundJson(r) as unknown as Stripe.Refund);
    },

    async createPaymentIntent(req: CreatePaymentIntentRequest) {
      toStripeAmount(req.amountMinor, req.currency);
      const params = {
        ...req,
        currency: req.currency.toUpperCase(),
        metadata: req.metadata ?? {},
        idempotencyKey: undefined,
      };
      return idempotent(
        db,
        req.idempotencyKey,
        "payment_intent.create",
        params,
        "charge",
        async (tx, fault) => {
          const id = newId("pi");
          const base = {
            id,
            amountMinor: req.amountMinor,
            currency: params.currency,
            paymentMethodId: req.paymentMethodId,
            customerId: req.customerId ?? null,
            description: req.description,
            metadata: params.metadata,
            returnUrl: req.returnUrl,
            clientSecret: `${id}_secret_${newId("s").slice(8)}`,
            chargeId: newId("ch"),
          };
          const declineCode =
            fault?.mode === "decline"
              ? (fault.declineCode ?? "generic_decline")
              : req.paymentMethodId === testPaymentMethods.declined
                ? "generic_decline"
                : req.paymentMethodId === testPaymentMethods.insufficientFunds
                  ? "insufficient_funds"
                  : null;
          if (declineCode) {
            const lastError = { code: "card_declined", decline_code: declineCode, message: "Your card was declined." };
            const [pi] = await tx
              .insert(localGatewayPaymentIntents)
              .values({ ...base, status: "requires_payment_method", lastError })
              .returning();
            await emitEvent(tx, "payment_intent.payment_failed", intentJson(pi, actionUrl), req.idempotencyKey);
            return {
              object: intentJson(pi, actionUrl),
              declined: new PaymentDeclinedError(declineCode, lastError.message, { paymentIntentId: id }),
            };
          }
          if (req.paymentMethodId === testPaymentMethods.requiresAuthentication) {
            const [pi] = await tx
              .insert(localGatewayPaymentIntents)
              .values({ ...base, chargeId: null, status: "requires_action" })
              .returning();
            await emitEvent(tx, "payment_intent.requires_action", intentJson(pi, actionUrl), req.idempotencyKey);
            return { object: intentJson(pi, actionUrl) };
          }
          const [pi] = await tx
            .insert(localGatewayPaymentIntents)
            .values({ ...base, status: "succeeded", amountReceivedMinor: req.amountMinor })
            .returning();
          await emitEvent(tx, "payment_intent.succeeded", intentJson(pi, actionUrl), req.idempotencyKey);
          return { object: intentJson(pi, actionUrl) };
        },
        mapPi,
      );
    },

    async retrievePaymentIntent(id) {
      const [pi] = await db.select().from(localGatewayPaymentIntents).where(eq(localGatewayPaymentIntents.id, id));
      if (!pi) throw notFound("payment_intent", id);
      return mapPi(intentJson(pi, actionUrl));
    },

    async cancelPaymentIntent(id, opts) {
      return idempotent(
        db,
        opts?.idempotencyKey,
        "payment_intent.cancel",
        { id },
        null,
        async (tx) => {
          const [pi] = await tx
            .select()
            .from(localGatewayPaymentIntents)
            .where(eq(localGatewayPaymentIntents.id, id))
            .for("update");
          if (!pi) throw notFound("payment_intent", id);
          if (pi.status === "canceled") return { object: intentJson(pi, actionUrl) };
          if (pi.status === "succeeded") {
            throw new GatewayError(
              "invalid",
              `PaymentIntent ${id} has succeeded and cannot be canceled: refund it`,
              "payment_intent_unexpected_state",
            );
          }
          const [upd] = await tx
            .update(localGatewayPaymentIntents)
            .set({ status: "canceled", updatedAt: new Date() })
            .where(eq(localGatewayPaymentIntents.id, id))
            .returning();
          await emitEvent(tx, "payment_intent.canceled", intentJson(upd, actionUrl), opts?.idempotencyKey ?? null);
          return { object: intentJson(upd, actionUrl) };
        },
        mapPi,
      );
    },

    uploadFile: (file) => uploadFile(file),

    async submitDisputeEvidence(disputeId: string, evidence: DisputeEvidence, files: EvidenceFile[] = []) {
      const withFiles: Record<string, unknown> = { ...evidence };
      for (const f of files) withFiles[f.field] = (await uploadFile(f)).fileId;
      return db.transaction(async (tx) => {
        const [d] = await tx
          .select()
          .from(localGatewayDisputes)
          .where(eq(localGatewayDisputes.id, disputeId))
          .for("update");
        if (!d) throw notFound("dispute", disputeId);
        if (!awaitingEvidenceStatuses.includes(d.status as DisputeStatus)) {
          throw new GatewayError(
            "invalid",
            `Dispute ${disputeId} is ${d.status}: evidence can no longer be submitted`,
            "dispute_already_submitted",
          );
        }
        for (const field of evidenceFileFields) {
          const v = withFiles[field];
          if (typeof v !== "string") continue;
          const [file] = await tx
            .select({ id: localGatewayFiles.id })
            .from(localGatewayFiles)
            .where(eq(localGatewayFiles.id, v));
          if (!file)
            throw new GatewayError("invalid", `No such file for evidence[${field}]: ${v}`, "resource_missing", {
              field: `evidence.${field}`,
            });
        }
        const [upd] = await tx
          .update(localGatewayDisputes)
          .set({
            evidence: { ...d.evidence, ...withFiles },
            submissionCount: d.submissionCount + 1,
            updatedAt: new Date(),
            status: d.status === "warning_needs_response" ? "warning_under_review" : "under_review",
          })
          .where(eq(localGatewayDisputes.id, disputeId))
          .returning();
        await emitEvent(tx, "charge.dispute.updated", disputeJson(upd));
        return mapDispute(disputeJson(upd) as unknown as Stripe.Dispute);
      });
    },

    async retrieveDispute(id) {
      const [d] = await db.select().from(localGatewayDisputes).where(eq(localGatewayDisputes.id, id));
      if (!d) throw notFound("dispute", id);
      return mapDispute(disputeJson(d) as unknown as Stripe.Dispute);
    },

    parseWebhook(rawBody, signatureHeader) {
      return verifyStripeWebhook(rawBody, signatureHeader, o.webhookSecret, {
        toleranceSeconds: o.webhookToleranceSeconds,
      });
    },

    // A server-side cursor over the same relation the money check reads set-based
    // (local-balance-records.ts): one scan, a page of rows in memory at a time.
    async *listBalanceRecords({ createdBefore }) {
      const q = balanceDialect.sqlToQuery(sql`select * from ${localBalanceRecordsSql(createdBefore)} r`);
      for await (const page of db.$sql.unsafe<BalanceRow[]>(q.sql, q.params as never[]).cursor(BALANCE_PAGE))
        for (const r of page)
          yield {
            kind: r.kind,
            gatewayId: r.gateway_id,
            paymentIntentId: r.payment_intent_id,
            amountMinor: Number(r.amount_minor),
            currency: r.currency.trim(),
            createdAt: new Date(r.created_at),
          };
    },
  };
}

const balanceDialect = new PgDialect({ casing: "snake_case" });
const BALANCE_PAGE = 1000;
type BalanceRow = {
  kind: GatewayBalanceRecord["kind"];
  gateway_id: string;
  payment_intent_id: string | null;
  amount_minor: string;
  currency: string;
  created_at: string | Date;
};

/** The local payment page's answer for a card that needed authentication. */
export async function completeLocalAction(
  db: Db,
  intentId: string,
  outcome: "succeed" | "fail",
  actionUrl: ActionUrl = (id) => `/pay/authenticate/${id}`,
): Promise<GatewayPaymentIntent> {
  return db.transaction(async (tx) => {
    const [pi] = await tx
      .select()
      .from(localGatewayPaymentIntents)
      .where(eq(localGatewayPaymentIntents.id, intentId))
      .for("update");
    if (!pi) throw notFound("payment_intent", intentId);
    if (pi.status !== "requires_action")
      throw new GatewayError(
        "invalid",
        `PaymentIntent ${intentId} is ${pi.status}, not waiting for authentication`,
        "payment_intent_unexpected_state",
      );
    const [upd] = await tx
      .update(localGatewayPaymentIntents)
      .set(
        outcome === "succeed"
          ? {
              status: "succeeded",
              amountReceivedMinor: pi.amountMinor,
              chargeId: newId("ch"),
              lastError: null,
              updatedAt: new Date(),
            }
          : {
              status: "requires_payment_method",
              updatedAt: new Date(),
              lastError: {
                code: "payment_intent_authentication_failure",
                message: "The card's authentication failed.",
              },
            },
      )
      .where(eq(localGatewayPaymentIntents.id, intentId))
      .returning();
    await emitEvent(
      tx,
      outcome === "succeed" ? "payment_intent.succeeded" : "payment_intent.payment_failed",
      intentJson(upd, actionUrl),
    );
    return mapIntent(intentJson(upd, actionUrl) as unknown as Stripe.PaymentIntent);
  });
}

/** Demo and tests: a captured charge, as the checkout (outside this product) would have made. */
export async function createLocalCharge(
  db: Db,
  c: { amountMinor: number; currency: string; id?: string; chargeId?: string; metadata?: Record<string, string> },
): Promise<{ paymentIntentId: string; chargeId: string }> {
  const id = c.id ?? newId("pi"),
    chargeId = c.chargeId ?? newId("ch");
  await db.insert(localGatewayPaymentIntents).values({
    id,
    chargeId,
    status: "succeeded",
    amountMinor: c.amountMinor,
    amountReceivedMinor: c.amountMinor,
    currency: c.currency.toUpperCase(),
    clientSecret: `${id}_secret_checkout`,
    metadata: c.metadata ?? {},
    description: "Checkout charge",
  });
  return { paymentIntentId: id, chargeId };
}

/** Demo and tests: the cardholder disputes a charge (Stripe sends `charge.dispute.created`). */
export async function createLocalDispute(
  db: Db,
  d: { paymentIntentId: string; amountMinor?: number; reason?: string; evidenceDueInDays?: number; warning?: boolean },
) {
  return db.transaction(async (tx) => {
    const [pi] = await tx
      .select()
      .from(localGatewayPaymentIntents)
      .where(
        or(
          eq(localGatewayPaymentIntents.id, d.paymentIntentId),
          eq(localGatewayPaymentIntents.chargeId, d.paymentIntentId),
        ),
      );
    if (!pi) throw notFound("payment_intent", d.paymentIntentId);
    const [row] = await tx
      .insert(localGatewayDisputes)
      .values({
        id: newId("dp"),
        paymentIntentId: pi.id,
        chargeId: pi.chargeId,
        amountMinor: d.amountMinor ?? pi.amountReceivedMinor,
        currency: pi.currency,
        reason: d.reason ?? "fraudulent",
        status: d.warning ? "warning_needs_response" : "needs_response",
        evidenceDueBy: new Date(Date.now() + (d.evidenceDueInDays ?? 7) * 86_400_000),
      })
      .returning();
    await emitEvent(tx, "charge.dispute.created", disputeJson(row));
    return mapDispute(disputeJson(row) as unknown as Stripe.Dispute);
  });
}

/** Demo and tests: the card network decides (Stripe sends `charge.dispute.closed`). */
export async function closeLocalDispute(db: Db, disputeId: string, outcome: "won" | "lost") {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(localGatewayDisputes)
      .set({ status: outcome, updatedAt: new Date() })
      .where(eq(localGatewayDisputes.id, disputeId))
      .returning();
    if (!row) throw notFound("dispute", disputeId);
    await emitEvent(tx, "charge.dispute.closed", disputeJson(row));
    return mapDispute(disputeJson(row) as unknown as Stripe.Dispute);
  });
}
