import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notificationPreferences, pushSubscriptions } from "@/db/schema";
import type { CommChannel } from "./queue-communication";

/** The traveler's preferred channel for booking messages; e-mail unless they chose otherwise. */
export async function getPreferredChannel(db: Db, userId: string): Promise<CommChannel> {
  const [p] = await db
    .select({ channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return p?.channel ?? "email";
}

export async function setPreferredChannel(db: Db, userId: string, channel: CommChannel) {
  await db
    .insert(notificationPreferences)
    .values({ userId, channel })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { channel, updatedAt: new Date() } });
}

/** Stores the portal's PushSubscription (its endpoint is unique: a re-subscribe updates the keys). */
export async function savePushSubscription(
  db: Db,
  userId: string,
  s: { endpoint: string; keys: { p256dh: string; auth: string }; expirationTime?: number | null },
) {
  const v = {
    userId,
    endpoint: s.endpoint,
    p256dh: s.keys.p256dh,
    auth: s.keys.auth,
    expiresAt: s.expirationTime ? new Date(s.expirationTime) : null,
  };
  await db.insert(pushSubscriptions).values(v).onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: v });
}

export async function removePushSubscription(db: Db, userId: string, endpoint: string) {
  await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)));
}
