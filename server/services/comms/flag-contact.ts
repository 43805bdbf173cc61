import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";

const DAY = 86_400_000;

/**
 * A permanent failure (bounce, complaint, undeliverable number): nothing more goes to this
 * address until the contact is fixed. Flags it, raises an alert and opens a follow-up asking ops
 * to fix the contact and resend, all in the caller's transaction. Repeats count on the same alert.
 */
export async function flagContact(
  tx: Tx,
  input: {
    channel: "email" | "sms" | "push";
    address: string;
    reason: "bounced" | "complained" | "undeliverable";
    detail: string;
    bookingId: string;
    communicationId: string;
    reference: string;
    now?: Date;
  },
) {
  const address = input.address.trim().toLowerCase();
  await tx.execute(sql`insert into contact_flags (channel, address, reason, detail, booking_id, communication_id)
    values (${input.channel}, ${address}, ${input.reason}, ${input.detail}, ${input.bookingId}, ${input.communicationId})
    on conflict (channel, address) where resolved_at is null do nothing`);
  if (input.channel === "email")
    await tx.execute(
      sql`update users set email_flagged_at = coalesce(email_flagged_at, now()) where lower(email) = ${address}`,
    );
  const what = input.channel === "email" ? "E-mail" : "SMS";
  const alert = await raiseAlert(tx, {
    severity: "medium",
    source: "comms_permanent_failure",
    bookingId: input.bookingId,
    title: `${input.reference}: ${what} to ${address} ${input.reason === "undeliverable" ? "cannot be delivered" : input.reason}`,
    details: {
      channel: input.channel,
      address,
      reason: input.reason,
      detail: input.detail,
      communicationId: input.communicationId,
    },
    dedupeKey: `comms_permanent:${input.channel}:${address}`,
  });
  await openFollowUp(tx, {
    kind: "fix_contact",
    priority: "medium",
    bookingId: input.bookingId,
    alertId: alert.id,
    title: `${input.reference}: fix the traveler's ${input.channel === "email" ? "e-mail address" : "phone number"} (${address}, ${input.reason}) and resend`,
    dueAt: new Date((input.now ?? new Date()).getTime() + DAY),
    details: { channel: input.channel, address, communicationId: input.communicationId },
    dedupeKey: `fix_contact:${input.channel}:${address}`,
  });
}

/** The open flag on an address, if any (no sends go to a flagged address). */
export async function openFlag(
  tx: Tx | import("@/db/client").Db,
  channel: string,
  address: string,
): Promise<string | null> {
  const [r] = await tx.execute<{ reason: string }>(
    sql`select reason from contact_flags where channel = ${channel} and address = ${address.trim().toLowerCase()} and resolved_at is null`,
  );
  return r?.reason ?? null;
}
