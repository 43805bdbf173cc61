import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sandboxBookings, sandboxProviderSettings } from "@/db/schema";
import { isNameTransfer } from "@/server/domain/modification";
import {
  ProviderError,
  type ModificationChange,
  type ModificationOutcome,
  type ProviderAdapter,
  type ProviderBooking,
  type ProviderCapabilities,
} from "../contract";
import { RateLimiter } from "../rate-limiter";
import { sandboxToItemStatus } from "./statuses";

type Settings = typeof sandboxProviderSettings.$inferSelect;
export type SandboxOptions = {
  /** Randomness for latency jitter and error rates; tests pass a seeded one. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long fault settings are cached; 0 in tests that flip them between calls. */
  settingsTtlMs?: number;
};

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * A sandbox provider: a real adapter against the provider's own state (sandbox_bookings), with
 * its latency, its rate limit and the faults the console injects. Nothing in its answers says
 * "sandbox": callers cannot tell it from a real integration.
 */
export function sandboxAdapter(
  db: Db,
  provider: { code: string; rateLimitPerSecond: number },
  opts: SandboxOptions = {},
): ProviderAdapter {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? realSleep;
  const limiter = new RateLimiter(provider.rateLimitPerSecond);
  const airline = isAirline(provider.code);
  let cached: { at: number; s: Settings } | null = null;

  async function settings(): Promise<Settings> {
    const ttl = opts.settingsTtlMs ?? 1000;
    if (cached && performance.now() - cached.at < ttl) return cached.s;
    const [s] = await db
      .select()
      .from(sandboxProviderSettings)
      .where(eq(sandboxProviderSettings.providerCode, provider.code));
    const value = s ?? {
      providerCode: provider.code,
      latencyMs: 100,
      jitterMs: 20,
      errorRateBps: 0,
      outage: false,
      rejectCancellations: false,
      eventsPerHour: 0,
      note: null,
      updatedAt: new Date(0),
    };
    cached = { at: performance.now(), s: value };
    return value;
  }

  /** Every call: wait for the rate limit, take the provider's time, then maybe fail as configured. */
  async function call<T>(what: string, run: (s: Settings) => Promise<T>): Promise<T> {
    await limiter.take();
    const s = await settings();
    await sleep(Math.max(0, s.latencyMs + (random() * 2 - 1) * s.jitterMs));
    if (s.outage) throw new ProviderError(provider.code, "unreachable", `${provider.code} is unreachable (${what})`);
    if (random() * 10_000 < s.errorRateBps)
      throw new ProviderError(provider.code, "error", `${provider.code} answered 503 to ${what}`);
    return run(s);
  }

  async function row(ref: string) {
    const [b] = await db
      .select()
      .from(sandboxBookings)
      .where(and(eq(sandboxBookings.providerCode, provider.code), eq(sandboxBookings.providerBookingId, ref)));
    if (!b) throw new ProviderError(provider.code, "not_found", `${provider.code} has no booking ${ref}`);
    return b;
  }

  const toBooking = (b: typeof sandboxBookings.$inferSelect): ProviderBooking => ({
    providerBookingId: b.providerBookingId,
    status: sandboxToItemStatus[b.status] ?? "confirmed",
    rawStatus: b.status,
    details: b.details,
    priceMinor: b.priceMinor,
    currency: b.currency,
    sequence: b.sequence,
    updatedAt: b.updatedAt,
  });

  // The sandbox's suppliers refund the merchant the net price in full, in their own currency.
  const refundOf = (b: { priceMinor: number; currency: string }) => ({
    amountMinor: b.priceMinor,
    currency: b.currency,
  });

  return {
    code: provider.code,
    rateLimitPerSecond: provider.rateLimitPerSecond,
    capabilities: () => sandboxCapabilities(airline),
    getBooking: (ref) => call("status", async () => toBooking(await row(ref))),
    cancel: (ref, { idempotencyKey }) =>
      call("cancel", async (s) => {
        const reference = `CX-${digest(`${provider.code}:${idempotencyKey}`).toString("hex").slice(0, 10).toUpperCase()}`;
        const before = await row(ref);
        if (before.status === "CANCELLED" || before.status === "CANCELLED_BY_SUPPLIER") {
          return {
            providerBookingId: ref,
            reference: before.cancellationReference ?? reference,
            cancelledAt: before.updatedAt,
            alreadyCancelled: true,
            providerRefund: refundOf(before),
          };
        }
        if (s.rejectCancellations || before.status === "USED" || before.status === "NO_SHOW") {
          throw new ProviderError(
            provider.code,
            "rejected",
            `${provider.code} refused to cancel ${ref} (${before.status.toLowerCase()})`,
          );
        }
        // One statement: two concurrent cancellations cannot both win.
        const [after] = await db
          .update(sandboxBookings)
          .set({
            status: "CANCELLED",
            cancellationReference: reference,
            sequence: sql`${sandboxBookings.sequence} + 1`,
            updatedAt: new Date(),
          })
          .where(
            and(
              eq(sandboxBookings.providerCode, provider.code),
              eq(sandboxBookings.providerBookingId, ref),
              sql`${sandboxBookings.status} not in ('CANCELLED', 'CANCELLED_BY_SUPPLIER')`,
            ),
          )
          .returning();
        const won = after ?? (await row(ref));
        return {
          providerBookingId: ref,
          reference: won.cancellationReference ?? reference,
          cancelledAt: won.updatedAt,
          alreadyCancelled: !after,
          providerRefund: refundOf(won),
        };
      }),
    modificationQuote: (ref, change) =>
      call("modification policy", async () => {
        const b = await row(ref);
        if (b.status.startsWith("CANCELLED") || b.status === "USED")
          return { allowed: false, feeMinor: 0, currency: b.currency, reason: `booking is ${b.status.toLowerCase()}` };
        // Airlines charge for a name correction; everyone charges a little for new dates.
        const bps = change === "name_change" ? (airline ? 300 : 0) : 800;
        return { allowed: true, feeMinor: Math.round((b.priceMinor * bps) / 10_000), currency: b.currency };
      }),
    quoteNewDates: (ref, dates) => call("availability", async () => quoteDates(await row(ref), dates)),
    submitModification: (ref, change, { idempotencyKey }) =>
      call("modify", async () => {
        const reference = `MD-${digest(`${provider.code}:${idempotencyKey}`).toString("hex").slice(0, 10).toUpperCase()}`;
        const b = await row(ref);
        const answer = (
          status: ModificationOutcome["status"],
          sequence: number,
          reason?: string,
        ): ModificationOutcome => ({ status, reference, sequence, ...(reason ? { reason } : {}) });
        if (b.status.startsWith("CANCELLED") || b.status === "USED")
          return answer("rejected", b.sequence, `booking is ${b.status.toLowerCase()}`);
        const next = applied(b, change);
        // Set-to-value changes: one already made is confirmed again without a second change.
        if (next === null) return answer("confirmed", b.sequence);
        const refusal = refuse(b, change);
        if (refusal) return answer("rejected", b.sequence, refusal);
        if (change.kind === "special_request") return answer("confirmed", b.sequence);
        const [after] = await db
          .update(sandboxBookings)
          .set({
            details: next.details,
            priceMinor: next.priceMinor,
            sequence: sql`${sandboxBookings.sequence} + 1`,
            updatedAt: new Date(),
          })
          .where(
            and(
              eq(sandboxBookings.providerCode, provider.code),
              eq(sandboxBookings.providerBookingId, ref),
              eq(sandboxBookings.sequence, b.sequence),
            ),
          )
          .returning();
        if (!after)
          throw new ProviderError(
            provider.code,
            "error",
            `${provider.code} answered 409 to modify: booking changed meanwhile`,
          );
        return answer("confirmed", after.sequence);
      }),
  };

  /** Why the provider refuses a change, or null. Airlines never transfer a ticket; upgrades are sold, not requested. */
  function refuse(b: typeof sandboxBookings.$inferSelect, change: ModificationChange): string | null {
    if (change.kind === "name_change")
      return airline && isNameTransfer(change.from, change.to)
        ? "Tickets are non-transferable: only a correction of the name is allowed"
        : null;
    if (change.kind === "special_request")
      return /upgrade/i.test(change.text) ? "Upgrades cannot be requested; they are sold as a new fare" : null;
    const q = quoteDates(b, change);
    if (!q.available) return "The new dates are no longer available";
    if (q.priceMinor !== change.priceMinor) return `The price for these dates is now ${q.priceMinor} ${q.currency}`;
    return null;
  }
}

/** The sandbox's airlines (name corrections only, a fee for them); every other provider is not one. */
const isAirline = (code: string) => code.includes("air") || code === "aero-nova";

/**
 * What a sandbox provider does, as the code above does it: reads, whole-item cancellation with the
 * provider's refund, name and date changes and special requests through `submitModification`, and
 * webhooks (./events.ts). No partial cancellation, traveler changes, alternatives or claims.
 */
export function sandboxCapabilities(airline: boolean): ProviderCapabilities {
  return {
    readBooking: true,
    webhooks: true,
    cancel: true,
    partialCancel: false,
    refundsOnCancel: true,
    nameChange: airline ? "correction" : "any",
    dateChange: true,
    specialRequest: true,
    travelerChange: false,
    alternatives: false,
    claims: false,
  };
}

/** Deterministic per request, so a quote can be asked again and give the same answer. */
function quoteDates(b: typeof sandboxBookings.$inferSelect, dates: { startAt: Date; endAt: Date }) {
  const h = digest(`${b.providerBookingId}:${dates.startAt.toISOString()}:${dates.endAt.toISOString()}`);
  const available = h[0] >= 26; // about 90% of dates are available
  const deltaBps = (h.readUInt16BE(1) % 3001) - 1000; // −10% … +20%
  return {
    available,
    priceMinor: Math.max(0, b.priceMinor + Math.round((b.priceMinor * deltaBps) / 10_000)),
    currency: b.currency,
  };
}

/** The provider's booking after the change, or null when the change is already in it. */
function applied(
  b: typeof sandboxBookings.$inferSelect,
  change: ModificationChange,
): { details: Record<string, unknown>; priceMinor: number } | null {
  switch (change.kind) {
    case "name_change": {
      const names = { ...((b.details.travelerNames ?? {}) as Record<string, string>) };
      const full = `${change.to.firstName} ${change.to.lastName}`;
      if (names[String(change.travelerIndex)] === full) return null;
      names[String(change.travelerIndex)] = full;
      return { details: { ...b.details, travelerNames: names }, priceMinor: b.priceMinor };
    }
    case "date_change": {
      const details = { ...change.details, startAt: change.startAt.toISOString(), endAt: change.endAt.toISOString() };
      return b.details.startAt === details.startAt && b.details.endAt === details.endAt
        ? null
        : { details, priceMinor: change.priceMinor };
    }
    case "special_request":
      return { details: b.details, priceMinor: b.priceMinor };
  }
}
