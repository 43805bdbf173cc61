import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingStatusHistory } from "@/db/schema";
import type { TransitionContext } from "./types";

/** The instant to stamp: the caller's, else the transaction's now(). */
export const stamp = (ctx: Pick<TransitionContext, "at">) => ctx.at ?? sql`now()`;

/** One `booking_status_history` row: who (actor), why (reason), and the provider's data. */
export async function writeHistory(
  tx: Tx,
  row: {
    bookingId: string;
    itemId?: string | null;
    from: string;
    to: string;
    ctx: TransitionContext;
    reason?: string;
  },
) {
  const { ctx } = row;
  await tx.insert(bookingStatusHistory).values({
    bookingId: row.bookingId,
    bookingItemId: row.itemId ?? null,
    fromStatus: row.from,
    toStatus: row.to,
    changedBy: ctx.actor,
    changeReason: row.reason ?? ctx.reason,
    providerEventType: ctx.providerEventType ?? null,
    providerRawData: ctx.providerRawData ?? null,
    ipAddress: ctx.ipAddress ?? null,
    userAgent: ctx.userAgent ?? null,
    ...(ctx.at ? { createdAt: ctx.at } : {}),
  });
}
