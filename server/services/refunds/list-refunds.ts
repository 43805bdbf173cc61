import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, refunds } from "@/db/schema";

/** The refunds queue of /ops/refunds: failed first, then pending and processing, newest first. */
export const listRefunds = (db: Db) =>
  db
    .select({
      id: refunds.id,
      bookingId: refunds.bookingId,
      reference: bookings.bookingReference,
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
    .limit(200);
