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
//
// The parts: local-intents.ts (payment intents, checkout charges), local-refunds.ts,
// local-disputes.ts (disputes, evidence files), local-idempotency.ts (idempotency, faults taken),
// local-objects.ts (Stripe JSON, the event log), local-events.ts (clock, webhook delivery). This
// file assembles the PaymentGateway and re-exports the helpers other code imports from here.
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import type { GatewayBalanceRecord, PaymentGateway } from "./gateway";
import { localBalanceRecordsSql } from "./local-balance-records";
import { localDisputeMethods } from "./local-disputes";
import { localIntentMethods } from "./local-intents";
import type { ActionUrl } from "./local-objects";
import { localRefundMethods } from "./local-refunds";
import { verifyStripeWebhook } from "./webhook-signature";

export { closeLocalDispute, createLocalDispute } from "./local-disputes";
export { completeLocalAction, createLocalCharge, testPaymentMethods } from "./local-intents";

export type LocalGatewayOptions = {
  webhookSecret: string;
  /** The local payment page for `requires_action` (served by the app). */
  actionUrl?: ActionUrl;
  /** How long a `fail_later` refund stays pending before it fails (default: until the next advance). */
  failLaterAfterMs?: number;
  webhookToleranceSeconds?: number;
};

export function createLocalGateway(db: Db, o: LocalGatewayOptions): PaymentGateway {
  const actionUrl: ActionUrl = o.actionUrl ?? ((id) => `/pay/authenticate/${id}`);

  return {
    name: "local",
    ...localRefundMethods(db, o),
    ...localIntentMethods(db, actionUrl),
    ...localDisputeMethods(db),

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
