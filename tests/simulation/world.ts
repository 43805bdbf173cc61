import { opsActor } from "@/server/domain/actor";
// The simulated world: a seeded demo operation driven through the real services, one step at a
// time, in an order a deployment could produce (traveler actions, provider webhooks, gateway
// answers and the scheduled functions' work interleaved). Every choice comes from one Rng, and
// targets are picked from sets ordered by seeded ids, so a seed replays the same story.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { Rng } from "@/db/seed/random";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import {
  closeLocalDispute,
  createLocalDispute,
  deliverLocalGatewayEvents,
  injectLocalFault,
  paymentGateway,
  type LocalFaultMode,
} from "@/server/payments";
import { ProviderError } from "@/server/providers";
import { makeSandboxEvent, type SandboxEventKind } from "@/server/providers/sandbox/events";
import { injectFault } from "@/server/notify/faults";
import { completeEndedBookings } from "@/server/services/bookings/complete-ended-bookings";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import {
  cancelAtProvider,
  cancellationPlan,
  retryCancellation,
  settleCancellation,
} from "@/server/services/cancellations/process-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { dueCommunications } from "@/server/services/comms/due-communications";
import { sendCommunication } from "@/server/services/comms/send-communication";
import { checkDisputeDeadlines } from "@/server/services/disputes/check-deadlines";
import { confirmModification } from "@/server/services/modifications/confirm-modification";
import { processModification } from "@/server/services/modifications/process-modification";
import { requestNameChange } from "@/server/services/modifications/request-modification";
import { processPaymentEvent } from "@/server/services/payment-events/process-payment-event";
import { storePaymentEvent } from "@/server/services/payment-events/store-payment-event";
import { processProviderWebhooks } from "@/server/services/provider-events/process-webhook-batch";
import { respondToScheduleChange } from "@/server/services/provider-events/respond-to-schedule-change";
import {
  escalateUnansweredChanges,
  releaseWaitingWebhooks,
  renotifyUnansweredChanges,
} from "@/server/services/provider-events/schedule-change-watch";
import { dueRefunds } from "@/server/services/refunds/due-refunds";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { retryRefundNow } from "@/server/services/refunds/retry-refund";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import type { StepKind } from "./rates";
import { openCancellationStatuses } from "@/server/domain/statuses";

const LIVE_BOOKING = sql`('confirmed', 'ticketed', 'modified', 'partially_cancelled')`;
const LIVE_ITEM = sql`('confirmed', 'ticketed', 'modified', 'schedule_changed')`;
/** `(…)` of the open cancellation statuses, for `status in ${OPEN_CANCELLATION}`. */
export const OPEN_CANCELLATION = sql`(${sql.join(
  openCancellationStatuses.map((x) => sql`${x}`),
  sql`, `,
)})`;
/** The sandbox adapters cache their fault settings for a second: a toggle is seen after this. */
export const SETTINGS_CACHE_MS = 1_100;

export type Knobs = {
  /** Chance that a provider step is its function's last attempt (an error then records the item as failed). */
  finalAttempt: number;
  /** Chance, per e-mail sent, that it bounces; per first refund attempt, that it fails. */
  bounce: number;
  failFirstRefund: number;
  /** Largest batch a job step handles (a scheduled function's page); messages (rendered, the costly part) may have their own. */
  batch: number;
  mailBatch?: number;
};

export class World {
  readonly stats: Record<string, number> = {};
  readonly down = new Set<string>();
  /** The scheduled functions' clock: real time in the random simulation, the simulated hour in the month. */
  clock: () => Date = () => new Date();
  constructor(
    readonly db: Db,
    readonly rng: Rng,
    readonly knobs: Knobs,
  ) {}

  count(what: string, n = 1) {
    this.stats[what] = (this.stats[what] ?? 0) + n;
  }

  async rows<T>(q: SQL): Promise<T[]> {
    return (await this.db.execute(q)) as unknown as T[];
  }

  /**
   * One row of a query, chosen by the Rng; null when none. Its first column must order the rows
   * the same way in every run of a seed: a seeded id, never one the database draws at random.
   */
  async pick<T>(q: SQL): Promise<T | null> {
    const [{ n }] = await this.rows<{ n: number }>(sql`select count(*)::int as n from (${q}) x`);
    if (n === 0) return null;
    const [row] = await this.rows<T>(sql`select * from (${q}) x order by 1 offset ${this.rng.int(0, n - 1)} limit 1`);
    return row;
  }

  /** A refusal the product answers with a DomainError is an outcome, not a failure; anything else is. */
  async attempt<T>(what: string, run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof DomainError) {
        this.count(`refused: ${what} (${e.code})`);
        return null;
      }
      throw e;
    }
  }

  // ——— traveler ———

  async travelerCancel(bookingId?: string, everything?: boolean, confirm?: boolean): Promise<string> {
    const b = bookingId
      ? { id: bookingId }
      : await this.pick<{ id: string }>(sql`select b.id from bookings b where b.status in ${LIVE_BOOKING}
      and b.travel_start_at > now() and not exists (select 1 from cancellation_requests c where c.booking_id = b.id and c.status in ${OPEN_CANCELLATION} and c.status <> 'awaiting_confirmation')`);
    if (!b) return "no booking to cancel";
    const items = await this.rows<{ id: string }>(
      sql`select id from booking_items where booking_id = ${b.id} and status in ${LIVE_ITEM} order by id`,
    );
    if (items.length === 0) return "nothing live";
    const all = everything ?? (items.length === 1 || this.rng.chance(0.6));
    const chosen = all ? undefined : items.filter(() => this.rng.chance(0.5)).map((i) => i.id);
    const itemIds = chosen?.length ? chosen : undefined;
    const viewer: Viewer = { kind: "guest", bookingId: b.id };
    const q = await this.attempt("cancel", () =>
      requestCancellation(this.db, { viewer }, { bookingId: b.id, itemIds, reason: "Simulated traveler" }),
    );
    if (!q) return `cancel ${b.id}: refused`;
    this.count("quotes");
    if (!(confirm ?? this.rng.chance(0.9))) return `cancel ${b.id}: quoted, not confirmed`;
    await this.attempt("confirm", () => confirmCancellation(this.db, { viewer }, { cancellationId: q.id }));
    this.count("cancellations confirmed");
    return `cancel ${b.id} (${itemIds ? `${itemIds.length} of ${items.length}` : "all"} items): confirmed ${q.id}`;
  }

  async respondScheduleChange(itemId?: string, decision?: "accept" | "reject"): Promise<string> {
    const i = itemId
      ? (
          await this.rows<{
            id: string;
            reference: string;
            booking: string;
            eligible: boolean;
          }>(sql`select i.id, b.booking_reference as reference, b.id as booking, i.refund_eligible as eligible
          from booking_items i join bookings b on b.id = i.booking_id where i.id = ${itemId} and i.status = 'schedule_changed'`)
        )[0]
      : await this.pick<{
          id: string;
          reference: string;
          booking: string;
          eligible: boolean;
        }>(sql`select i.id, b.booking_reference as reference, b.id as booking, i.refund_eligible as eligible
          from booking_items i join bookings b on b.id = i.booking_id where i.status = 'schedule_changed'`);
    if (!i) return "no schedule change waiting";
    const d = decision ?? (i.eligible && this.rng.chance(0.4) ? "reject" : this.rng.chance(0.05) ? "reject" : "accept");
    const r = await this.attempt(`schedule change ${d}`, () =>
      respondToScheduleChange(
        this.db,
        { kind: "guest", bookingId: i.booking },
        { reference: i.reference, itemId: i.id, decision: d },
      ),
    );
    if (r) this.count(`schedule change ${d}ed`);
    return `schedule change on ${i.id}: ${d}${r ? "" : " refused"}`;
  }

  async nameChange(bookingId?: string): Promise<string> {
    const b = bookingId
      ? (
          await this.rows<{ id: string; reference: string; travelers: { firstName: string; lastName: string }[] }>(
            sql`select id, booking_reference as reference, travelers from bookings where id = ${bookingId}`,
          )
        )[0]
      : await this.pick<{
          id: string;
          reference: string;
          travelers: { firstName: string; lastName: string }[];
        }>(sql`select b.id, b.booking_reference as reference, b.travelers from bookings b
          where b.status in ${LIVE_BOOKING} and b.travel_start_at > now() + interval '1 day'
            and not exists (select 1 from booking_modifications m where m.booking_id = b.id and m.status in ('pending', 'awaiting_payment', 'submitted'))`);
    if (!b?.travelers?.[0]) return "no booking to change";
    const viewer: Viewer = { kind: "guest", bookingId: b.id };
    const t = b.travelers[0];
    const m = await this.attempt("name change", () =>
      requestNameChange(this.db, viewer, {
        reference: b.reference,
        travelerIndex: 0,
        firstName: t.firstName,
        lastName: `${t.lastName}e`,
      }),
    );
    if (!m || m.status !== "pending") return `name change on ${b.id}: ${m?.status ?? "refused"}`;
    const c = await this.attempt("confirm change", () =>
      confirmModification(this.db, viewer, { modificationId: m.id }),
    );
    if (c?.status === "submitted") await processModification(this.db, m.id);
    this.count("name changes");
    return `name change on ${b.id}: ${c?.status ?? "refused"}`;
  }

  // ——— providers ———

  /** The provider changes the booking on its side and sends its signed webhook (stored, then processed as the function does). */
  async providerEvent(kind: SandboxEventKind, itemId?: string, deltaMinutes?: number): Promise<string> {
    const categories =
      kind === "schedule_change"
        ? sql`('flight')`
        : kind === "hotel_relocation"
          ? sql`('hotel')`
          : sql`('flight', 'hotel', 'car', 'experience')`;
    const i = itemId
      ? (
          await this.rows<{ id: string; provider: string; ref: string }>(
            sql`select id, provider_code as provider, provider_booking_id as ref from booking_items where id = ${itemId}`,
          )
        )[0]
      : await this.pick<{
          id: string;
          provider: string;
          ref: string;
        }>(sql`select i.id, i.provider_code as provider, i.provider_booking_id as ref
          from booking_items i join bookings b on b.id = i.booking_id
          where i.status in ${LIVE_ITEM} and i.category::text in ${categories} and i.provider_booking_id is not null and b.status in ${LIVE_BOOKING} and i.start_at > now()`);
    if (!i) return `no item for ${kind}`;
    // Significant: the (first) flight departs 6 h+ earlier, a 14 CFR 260.2 change for domestic and
    // international trips alike (the sandbox moves the outbound segment only). Else under 2 h.
    const delta =
      deltaMinutes ??
      (this.rng.chance(0.25) ? this.rng.pick([-380, -420, -480]) : this.rng.pick([-45, 20, 35, 60, 90, 120]));
    const ev = await makeSandboxEvent(this.db, {
      provider: i.provider,
      providerBookingId: i.ref,
      kind,
      deltaMinutes: delta,
    });
    const delivery = {
      provider: ev.provider,
      webhookId: String(ev.envelope.id),
      type: String(ev.envelope.type),
      occurredAt: String(ev.envelope.occurred_at),
      rawBody: ev.body,
    };
    this.lastWebhook = delivery;
    const outcome = await this.deliver(delivery);
    this.count(`provider ${kind}`);
    return `provider ${kind} on ${i.id}${kind === "schedule_change" ? ` (${delta} min)` : ""}: ${outcome}`;
  }

  lastWebhook: Parameters<typeof storeWebhooks>[1][number] | null = null;

  /** A provider redelivers its last webhook (at least once delivery): stored once, processed once. */
  async redeliverWebhook(): Promise<string> {
    if (!this.lastWebhook) return "nothing to redeliver";
    return `redelivered ${this.lastWebhook.webhookId}: ${await this.deliver(this.lastWebhook)}`;
  }

  private async deliver(d: Parameters<typeof storeWebhooks>[1][number]) {
    const [o] = await storeWebhooks(this.db, [d]);
    if (o.duplicate) return "duplicate";
    const r = await processProviderWebhooks(this.db, [o.id]);
    return Object.entries(r)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
  }

  async outage(provider?: string, on?: boolean): Promise<string> {
    const p =
      provider ??
      (this.down.size && this.rng.chance(0.7)
        ? [...this.down].sort()[0]
        : (await this.pick<{ code: string }>(sql`select provider_code as code from sandbox_provider_settings`))?.code);
    if (!p) return "no provider";
    const down = on ?? !this.down.has(p);
    await this.db.execute(sql`update sandbox_provider_settings set outage = ${down} where provider_code = ${p}`);
    if (down) this.down.add(p);
    else this.down.delete(p);
    await new Promise((r) => setTimeout(r, SETTINGS_CACHE_MS));
    this.count(down ? "outages" : "recoveries");
    return `${p} ${down ? "down" : "back"}`;
  }

  // ——— payments ———

  async refundFault(mode?: LocalFaultMode): Promise<string> {
    const m = mode ?? this.rng.pick<LocalFaultMode>(["decline", "timeout_after_success", "fail_later", "unavailable"]);
    await injectLocalFault(this.db, {
      operation: "refund",
      mode: m,
      declineCode: m === "decline" ? "expired_card" : undefined,
    });
    this.count(`fault ${m}`);
    return `next refund: ${m}`;
  }

  async dispute(bookingId?: string): Promise<string> {
    const p = await (bookingId
      ? this.rows<{ id: string; intent: string; charge: string | null; amount: number; currency: string }>(
          sql`select p.id, p.stripe_payment_intent_id as intent, p.stripe_charge_id as charge, p.amount_minor::int as amount, p.currency
          from payment_transactions p where p.booking_id = ${bookingId} and p.kind = 'charge' and p.status = 'succeeded' and p.gateway = 'local' and p.stripe_payment_intent_id is not null limit 1`,
        ).then((r) => r[0] ?? null)
      : this.pick<{
          id: string;
          intent: string;
          charge: string | null;
          amount: number;
          currency: string;
        }>(sql`select p.id, p.stripe_payment_intent_id as intent, p.stripe_charge_id as charge, p.amount_minor::int as amount, p.currency
          from payment_transactions p join bookings b on b.id = p.booking_id
          where p.kind = 'charge' and p.status = 'succeeded' and p.gateway = 'local' and p.stripe_payment_intent_id is not null and b.status <> 'disputed'
            and not exists (select 1 from local_gateway_disputes d where d.payment_intent_id = p.stripe_payment_intent_id)`));
    if (!p) return "no charge to dispute";
    // The checkout made the charge outside this product; the gateway knows it (as a refund would adopt it).
    await this.db
      .execute(sql`insert into local_gateway_payment_intents (id, charge_id, status, amount_minor, amount_received_minor, refunded_minor, currency, client_secret, description)
      select ${p.intent}, ${p.charge}, 'succeeded', ${p.amount}, ${p.amount},
        least(${p.amount}, coalesce((select sum(amount_minor) from refunds where payment_transaction_id = ${p.id} and status = 'succeeded'), 0)), ${p.currency}, ${`${p.intent}_secret_checkout`}, 'Checkout charge'
      on conflict (id) do nothing`);
    const d = await createLocalDispute(this.db, {
      paymentIntentId: p.intent,
      reason: this.rng.pick(["fraudulent", "product_not_received", "duplicate"]),
      evidenceDueInDays: this.rng.int(1, 10),
    });
    this.count("disputes");
    return `dispute ${d.id} on ${p.intent}: ${await this.gatewayEvents()}`;
  }

  async closeDispute(): Promise<string> {
    const d = await this.pick<{ key: string; id: string }>(
      sql`select payment_intent_id as key, id from local_gateway_disputes where status not in ('won', 'lost')`,
    );
    if (!d) return "no open dispute";
    const outcome = this.rng.chance(0.6) ? "won" : "lost";
    await closeLocalDispute(this.db, d.id, outcome);
    this.count(`disputes ${outcome}`);
    return `dispute ${d.id} ${outcome}: ${await this.gatewayEvents()}`;
  }

  /** The gateway's events (refunds settling or failing later, disputes) through the signed Stripe webhook path. */
  async gatewayEvents(): Promise<string> {
    const gw = paymentGateway(this.db);
    const r = await deliverLocalGatewayEvents(this.db, async (body, signature) => {
      const id = await storePaymentEvent(this.db, await gw.parseWebhook(body, signature));
      if (id) await processPaymentEvent(this.db, id);
      return 200;
    });
    return `${r.delivered} gateway events`;
  }

  // ——— the scheduled functions' work ———

  async refundsJob(): Promise<string> {
    const ids = (await dueRefunds(this.db, new Date())).slice(0, this.knobs.batch);
    const outcomes: Record<string, number> = {};
    for (const id of ids) {
      const [first] = await this.rows<{ first: boolean }>(
        sql`select status = 'pending' and retry_count = 0 and stripe_refund_id is null as first from refunds where id = ${id}`,
      );
      if (first?.first && this.knobs.failFirstRefund > 0 && this.rng.chance(this.knobs.failFirstRefund)) {
        await injectLocalFault(this.db, { operation: "refund", mode: "decline", declineCode: "expired_card" });
        this.count("first refund attempts failed");
      }
      const r = await payOutRefund(this.db, id);
      outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
      this.count(`payout ${r.status}`);
    }
    return `refunds job: ${JSON.stringify(outcomes)}`;
  }

  /** process-cancellation's steps for each confirmed cancellation; a retryable provider error leaves it for the next run. */
  async cancellationsJob(): Promise<string> {
    const ids = (
      await this.rows<{ id: string }>(
        sql`select id from cancellation_requests where status = 'processing' order by booking_id limit ${this.knobs.batch}`,
      )
    ).map((r) => r.id);
    const out: string[] = [];
    for (const id of ids) {
      let retry = false;
      for (const p of await cancellationPlan(this.db, id)) {
        const finalAttempt = this.rng.chance(this.knobs.finalAttempt);
        try {
          await cancelAtProvider(this.db, { cancellationId: id, ...p, finalAttempt });
        } catch (e) {
          if (!(e instanceof ProviderError)) throw e;
          retry = true;
          this.count("provider step retried");
          break;
        }
      }
      if (retry) {
        out.push(`${id}: retry`);
        continue;
      }
      const s = await settleCancellation(this.db, id);
      this.count(`cancellation ${s.status}`);
      out.push(`${id}: ${s.status}`);
    }
    return `cancellations job: ${out.join(", ") || "none"}`;
  }

  async scheduleWatch(): Promise<string> {
    const now = this.clock();
    const [a, b, c] = [
      await renotifyUnansweredChanges(this.db, now),
      await escalateUnansweredChanges(this.db, now),
      await releaseWaitingWebhooks(this.db, now),
    ];
    return `schedule watch: ${a} reminders, ${b} escalated, ${c} released`;
  }

  async completion(): Promise<string> {
    // Real time, not the month's clock: completion stamps its history rows with the time it is given.
    return `completion: ${(await completeEndedBookings(this.db, { now: new Date() })).completed}`;
  }

  async commsJob(): Promise<string> {
    // Pending messages are sent on their event at once; the sweep takes them here a little later.
    const ids = (await dueCommunications(this.db, new Date(Date.now() + 120_000))).slice(
      0,
      this.knobs.mailBatch ?? this.knobs.batch,
    );
    const outcomes: Record<string, number> = {};
    for (const id of ids) {
      if (this.knobs.bounce > 0 && this.rng.chance(this.knobs.bounce)) {
        const [c] = await this.rows<{ to: string | null }>(
          sql`select recipient_email as to from booking_communications where id = ${id} and channel = 'email'`,
        );
        if (c?.to) {
          await injectFault(this.db, { channel: "email", target: c.to, kind: "bounce" });
          this.count("bounces injected");
        }
      }
      const r = await sendCommunication(this.db, id);
      outcomes[r] = (outcomes[r] ?? 0) + 1;
    }
    return `comms job: ${JSON.stringify(outcomes)}`;
  }

  /** The 5-minute deadline check, as run some days on (each stage alerts once). */
  async disputeDeadlines(daysOn?: number): Promise<string> {
    const r = await checkDisputeDeadlines(this.db, {
      now: new Date(this.clock().getTime() + (daysOn ?? this.rng.int(0, 8)) * 86_400_000),
    });
    return `dispute deadlines: ${JSON.stringify(r)}`;
  }

  /** Time passes for backoffs: failed refunds and unclear answers become due again. */
  async timePasses(): Promise<string> {
    const r = await this.rows<{ id: string }>(sql`update refunds set next_retry_at = now() - interval '1 second'
      where status in ('failed', 'processing') and next_retry_at > now() and stripe_refund_id is null returning id`);
    const c = await this.rows<{
      id: string;
    }>(sql`update booking_communications set next_retry_at = now() - interval '1 second'
      where status = 'failed' and next_retry_at > now() returning id`);
    return `time passes: ${r.length} refunds, ${c.length} messages due again`;
  }

  /**
   * Time stands still between steps: a wait the product set (a minute before re-asking the gateway,
   * five minutes before re-sending a message) is never reached by the run's own wall-clock time,
   * only by a timePasses step, so the same seed replays the same story however fast the machine.
   */
  async holdTime(): Promise<void> {
    await this.db.execute(sql`update refunds set next_retry_at = now() + interval '1 hour'
      where status in ('failed', 'processing') and next_retry_at > now() and next_retry_at < now() + interval '1 hour'`);
    await this.db.execute(sql`update booking_communications set next_retry_at = now() + interval '1 hour'
      where status in ('failed', 'pending') and next_retry_at > now() and next_retry_at < now() + interval '1 hour'`);
  }

  /** Support acts on what was escalated: retries a partial cancellation or a refund that ran out of attempts. */
  async supportRetry(): Promise<string> {
    if (this.rng.chance(0.5)) {
      const c = await this.pick<{ key: string; id: string }>(
        sql`select booking_id as key, id from cancellation_requests where status = 'partial'`,
      );
      if (c) {
        await retryCancellation(this.db, { cancellationId: c.id, actor: opsActor("sim@ops") });
        this.count("support retried cancellation");
        return `support retries cancellation ${c.id}`;
      }
    }
    const r = await this.pick<{ key: string; id: string }>(
      sql`select booking_id::text || to_char(created_at, 'YYYYMMDDHH24MISSUS') as key, id from refunds where status = 'failed' and retry_count >= 3`,
    );
    if (!r) return "nothing for support";
    // Refused (409) when a chargeback or another refund has since returned the money it owed.
    if (
      !(await this.attempt("support refund retry", () =>
        retryRefundNow(this.db, { refundId: r.id, actor: opsActor("sim@ops") }),
      ))
    )
      return `support cannot retry refund ${r.id}`;
    this.count("support retried refund");
    return `support retries refund ${r.id}`;
  }

  /** One step of the given kind. */
  run(kind: StepKind): Promise<string> {
    switch (kind) {
      case "travelerCancel":
        return this.travelerCancel();
      case "respondScheduleChange":
        return this.respondScheduleChange();
      case "nameChange":
        return this.nameChange();
      case "providerScheduleChange":
        return this.providerEvent("schedule_change");
      case "providerCancellation":
        return this.providerEvent("cancellation");
      case "hotelRelocation":
        return this.providerEvent("hotel_relocation");
      case "redeliverWebhook":
        return this.redeliverWebhook();
      case "refundFault":
        return this.refundFault();
      case "dispute":
        return this.dispute();
      case "closeDispute":
        return this.closeDispute();
      case "gatewayEvents":
        return this.gatewayEvents();
      case "refundsJob":
        return this.refundsJob();
      case "cancellationsJob":
        return this.cancellationsJob();
      case "scheduleWatch":
        return this.scheduleWatch();
      case "completion":
        return this.completion();
      case "commsJob":
        return this.commsJob();
      case "disputeDeadlines":
        return this.disputeDeadlines();
      case "timePasses":
        return this.timePasses();
      case "supportRetry":
        return this.supportRetry();
      case "outage":
        return this.outage();
    }
  }
}

/** The env override of a number, else its default. */
export const envNumber = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  return n;
};

export { Rng };
