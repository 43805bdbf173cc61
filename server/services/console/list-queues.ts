import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, disputes, mailOutbox, providers, refunds } from "@/db/schema";

// The console's work queues, most urgent first. Shells for now: the ops and money issues add
// actions (acknowledge, resolve, retry) on top of the same queries.
const LIMIT = 200;
const ref = bookings.bookingReference;

export const listDisputes = (db: Db) =>
  db
    .select({
      id: disputes.id,
      bookingId: disputes.bookingId,
      reference: ref,
      status: disputes.status,
      reason: disputes.reason,
      amountMinor: disputes.amountMinor,
      currency: disputes.currency,
      evidenceDueBy: disputes.evidenceDueBy,
      evidenceSubmitted: disputes.evidenceSubmitted,
      createdAt: disputes.createdAt,
    })
    .from(disputes)
    .innerJoin(bookings, eq(bookings.id, disputes.bookingId))
    .orderBy(sql`${disputes.resolvedAt} is not null`, asc(disputes.evidenceDueBy))
    .limit(LIMIT);

export const listRefunds = (db: Db) =>
  db
    .select({
      id: refunds.id,
      bookingId: refunds.bookingId,
      reference: ref,
      refundReference: refunds.refundReference,
      status: refunds.status,
      amountMinor: refunds.amountMinor,
      currency: refunds.currency,
      failureReason: refunds.failureReason,
      retryCount: refunds.retryCount,
      estimatedArrival: refunds.estimatedArrival,
      createdAt: refunds.createdAt,
    })
    .from(refunds)
    .innerJoin(bookings, eq(bookings.id, refunds.bookingId))
    .orderBy(
      sql`case ${refunds.status} when 'failed' then 0 when 'pending' then 1 when 'processing' then 2 else 3 end`,
      desc(refunds.createdAt),
    )
    .limit(LIMIT);

// Alerts and follow-ups: server/services/escalation (alert-actions.ts, follow-up-actions.ts).

type SandboxSettingsRow = {
  latency_ms: number;
  jitter_ms: number;
  error_rate_bps: number;
  outage: boolean;
  reject_cancellations: boolean;
  events_per_hour: number;
};

/** Providers with their health over the last 15 minutes of calls (DESIGN.md thresholds) and sandbox faults. */
export async function listProviders(db: Db) {
  const rows = await db
    .select({
      code: providers.code,
      name: providers.name,
      category: providers.category,
      adapter: providers.adapter,
      rateLimitPerSecond: providers.rateLimitPerSecond,
      enabled: providers.enabled,
      calls: sql<number>`(select count(*)::int from provider_calls c where c.provider_code = providers.code and c.created_at > now() - interval '15 minutes')`,
      ok: sql<number>`(select count(*)::int from provider_calls c where c.provider_code = providers.code and c.ok and c.created_at > now() - interval '15 minutes')`,
      sandbox: sql<SandboxSettingsRow | null>`(select to_jsonb(s) from sandbox_provider_settings s where s.provider_code = providers.code)`,
    })
    .from(providers)
    .orderBy(asc(providers.category), asc(providers.code));
  return rows.map((r) => ({ ...r, health: providerHealth(r.calls, r.ok) }));
}

export function providerHealth(calls: number, ok: number): "healthy" | "degraded" | "error" | "unknown" {
  if (calls === 0) return "unknown";
  if (ok === 0) return "error";
  return ok * 100 >= calls * 95 ? "healthy" : ok * 100 >= calls * 80 ? "degraded" : "error";
}

export const listMail = (db: Db) =>
  db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      tag: mailOutbox.tag,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.createdAt))
    .limit(LIMIT);
