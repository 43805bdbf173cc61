// Reminders before travel credit expires (issue 23): 30 days and 7 days before each grant's expiry,
// once each (the message's dedupe key). A message belongs to a booking: the one whose refund made
// the grant, else the account's latest booking; an account without any booking has no address here.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { EXPIRY_REMINDER_DAYS } from "@/server/domain/credits/ledger";
import { queueCommunication } from "@/server/services/comms/queue-communication";

const DAY_MS = 86_400_000;

/** Which reminder a grant expiring at `expiresAt` is due at `now`: the nearest threshold it is within, or null. */
export function reminderDue(expiresAt: Date, now: Date): number | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const within = [...EXPIRY_REMINDER_DAYS].sort((a, b) => a - b).find((d) => left <= d * DAY_MS);
  return within ?? null;
}

export async function remindExpiringCredit(db: Db, now: Date): Promise<{ queued: number; noBooking: number }> {
  const horizon = new Date(now.getTime() + Math.max(...EXPIRY_REMINDER_DAYS) * DAY_MS);
  const grants = await db.execute<{
    id: string;
    currency: string;
    remaining: number;
    expires_at: string;
    booking_id: string | null;
  }>(sql`
    select g.id, g.currency, g.remaining_minor::bigint as remaining, g.expires_at,
      coalesce(
        (select r.booking_id from credit_entries e join refunds r on r.id = e.refund_id where e.grant_id = g.id limit 1),
        (select b.id from bookings b where b.user_id = g.user_id order by b.created_at desc limit 1)) as booking_id
    from credit_grants g
    where g.remaining_minor > 0 and g.expires_at > ${now.toISOString()}::timestamptz and g.expires_at <= ${horizon.toISOString()}::timestamptz`);
  let queued = 0;
  let noBooking = 0;
  for (const g of grants) {
    const expiresAt = new Date(g.expires_at);
    const days = reminderDue(expiresAt, now);
    if (days === null) continue;
    if (!g.booking_id) {
      noBooking++;
      continue;
    }
    const id = await queueCommunication(db, {
      bookingId: g.booking_id,
      type: "credit_expiry_reminder",
      dedupeKey: `credit_expiry:${days}d:${g.id}`,
      templateData: {
        grantId: g.id,
        amountMinor: Number(g.remaining),
        currency: g.currency,
        expiresOn: expiresAt.toISOString().slice(0, 10),
        days,
      },
    });
    if (id) queued++;
  }
  return { queued, noBooking };
}
