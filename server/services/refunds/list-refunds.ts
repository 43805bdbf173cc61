import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { bookings, refunds } from "@/db/schema";
import { keysetPage, type PageRequest } from "@/server/domain/page-cursor";
import { type RefundStatus, settledRefundStatuses, unpaidRefundStatuses } from "@/server/domain/statuses";
import { keyset } from "@/server/services/paging/keyset";
import { countOf, queueTop } from "@/server/services/paging/queue";

const columns = {
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
};

// Literals, as idx_refunds_queue's predicate, so the planner proves it in generic plans too.
const owed = sql`${refunds.status} IN ${sqlList(unpaidRefundStatuses)}`;

/**
 * The refunds that need someone (failed, pending, processing): failed first, then the longest
 * waiting, straight from idx_refunds_queue. An order over status then time pages badly, and the
 * queue is short when things are well: its top, and how many more (paging/queue.ts).
 */
export function refundQueue(db: Db) {
  return queueTop(
    (limit) =>
      db
        .select(columns)
        .from(refunds)
        .innerJoin(bookings, eq(bookings.id, refunds.bookingId))
        .where(owed)
        .orderBy(sql`(${refunds.status} <> 'failed')`, asc(refunds.createdAt), asc(refunds.id))
        .limit(limit),
    (limit) =>
      countOf(
        db,
        db
          .select({ one: sql`1` })
          .from(refunds)
          .where(owed)
          .limit(limit)
          .as("queued"),
      ),
  );
}

export type RefundFilter = { status?: RefundStatus } & PageRequest;

/**
 * Refunds newest first, a keyset page at a time: those of one status (idx_refunds_status), or
 * without one the history, every settled refund (succeeded, cancelled: idx_refunds_settled).
 */
export async function listRefunds(db: Db, f: RefundFilter) {
  const page = keyset(f, refunds.createdAt, refunds.id);
  const where: (SQL | undefined)[] = [
    page.where,
    f.status ? eq(refunds.status, f.status) : sql`${refunds.status} IN ${sqlList(settledRefundStatuses)}`,
  ];
  const rows = await db
    .select({ ...columns, pageAt: page.pageAt })
    .from(refunds)
    .innerJoin(bookings, eq(bookings.id, refunds.bookingId))
    .where(and(...where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return keysetPage(rows, f, (r) => ({ at: r.pageAt, id: r.id }));
}
