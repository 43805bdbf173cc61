import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";

const HOUR = 3_600_000;

/**
 * The providers could not be asked (unreachable, or still undecided) after every retry
 * (docs/architecture.md, "Intake journey"): the booking and its items stay pending, nothing is
 * refunded, and a human is asked to confirm by hand, through a high alert and a follow-up (one of
 * each per booking while open). A booking that is no longer pending needs nothing.
 */
export async function raiseIntakeUnconfirmed(db: Db, bookingId: string, error: string, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const [b] = await tx
      .select({ status: bookings.status, reference: bookings.bookingReference })
      .from(bookings)
      .where(eq(bookings.id, bookingId))
      .for("update");
    if (!b || b.status !== "pending") return { raised: false };
    const title = `${b.reference}: could not be confirmed with its providers; it stays pending`;
    const alert = await raiseAlert(tx, {
      severity: "high",
      source: "intake_unconfirmed",
      title,
      details: { error: error.slice(0, 500) },
      bookingId,
      dedupeKey: `intake_unconfirmed:${bookingId}`,
    });
    const followUp = await openFollowUp(tx, {
      kind: "intake_unconfirmed",
      title: `${title}: confirm each item with its provider, then confirm or cancel it`,
      // The traveler has paid and waits for a confirmation: soon.
      dueAt: new Date(now.getTime() + 4 * HOUR),
      priority: "high",
      bookingId,
      alertId: alert.id,
      dedupeKey: `intake_unconfirmed:${bookingId}`,
      details: { error: error.slice(0, 500) },
    });
    return { raised: true, alertId: alert.id, followUpId: followUp.id };
  });
}
