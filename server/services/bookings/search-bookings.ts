import { and, asc, desc, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { bookingItems, bookings, cancellationRequests } from "@/db/schema";
import { SEARCH_RUN } from "@/server/domain/search-term";
import { bookingStatuses, itemCategories, openCancellationStatuses, syncStatuses } from "@/server/domain/statuses";

export const searchBookingsInput = z.object({
  q: z
    .string()
    .trim()
    .min(3, "Search needs at least 3 characters")
    .max(100)
    .regex(SEARCH_RUN, "Search needs 3 letters or digits in a row")
    .optional(),
  status: z.array(z.enum(bookingStatuses)).max(bookingStatuses.length).optional(),
  category: z.enum(itemCategories).optional(),
  provider: z.string().trim().min(1).max(50).optional(),
  sync: z.enum(syncStatuses).optional(),
  /** What the dashboard's tiles count: an open cancellation, or an issue not yet resolved. */
  open: z.enum(["cancellation", "issue"]).optional(),
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(10).max(100).default(25),
});
export type SearchBookingsInput = z.input<typeof searchBookingsInput>;

/**
 * Counting every match of a broad filter on 1M rows costs far more than the page (an item filter
 * checks each booking): past 40 pages of 25 the table says "1,000+" and the founder narrows down.
 */
const COUNT_CAP = 1_000;

/**
 * The ops bookings table: newest first, server-paginated, searchable by reference, last name or
 * e-mail (substring, through the trigram index), filterable by status, item category and provider.
 */
export async function searchBookings(db: Db, raw: SearchBookingsInput) {
  const input = searchBookingsInput.parse(raw);
  const { page, count } = searchQueries(db, input);
  const [rows, [{ n }]] = await Promise.all([page, count]);
  return {
    rows,
    page: input.page,
    pageSize: input.pageSize,
    total: Math.min(n, COUNT_CAP),
    totalIsCapped: n > COUNT_CAP,
    pageCount: Math.max(1, Math.ceil(Math.min(n, COUNT_CAP) / input.pageSize)),
  };
}

/** The page and the capped count, as queries (the benchmark runs their SQL directly as its reference). */
export function searchQueries(db: Db, input: z.output<typeof searchBookingsInput>) {
  const where: SQL[] = [];
  if (input.q && fullReference.test(input.q)) {
    // A whole reference is answered by the unique index alone (a trigram scan would also read
    // the "gd-" trigrams every booking shares).
    where.push(eq(bookings.bookingReference, input.q.toUpperCase()));
  } else if (input.q) {
    // Same expression as idx_bookings_search_trgm, so the planner can use it.
    where.push(
      sql`lower(${bookings.bookingReference} || ' ' || ${bookings.leadLastName} || ' ' || ${bookings.contactEmail}) LIKE ${"%" + escapeLike(input.q.toLowerCase()) + "%"}`,
    );
  }
  if (input.status?.length) where.push(inArray(bookings.status, input.status));
  if (input.sync) where.push(eq(bookings.syncStatus, input.sync));
  // Written as idx_bookings_open_issues' predicate, so the planner reads that index in page order.
  if (input.open === "issue") where.push(sql`${bookings.hasIssue} AND NOT ${bookings.issueResolved}`);
  if (input.category || input.provider) {
    const itemWhere = [eq(bookingItems.bookingId, bookings.id)];
    if (input.category) itemWhere.push(eq(bookingItems.category, input.category));
    if (input.provider) itemWhere.push(eq(bookingItems.providerCode, input.provider));
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(bookingItems)
          .where(and(...itemWhere)),
      ),
    );
  }
  const filter = where.length ? and(...where) : undefined;

  const page = db
    .select({
      id: bookings.id,
      reference: bookings.bookingReference,
      type: bookings.bookingType,
      status: bookings.status,
      leadLastName: bookings.leadLastName,
      contactEmail: bookings.contactEmail,
      contactName: sql<string>`${bookings.contactInfo}->>'name'`,
      totalMinor: bookings.totalMinor,
      currency: bookings.currency,
      travelStartAt: bookings.travelStartAt,
      syncStatus: bookings.syncStatus,
      hasIssue: bookings.hasIssue,
      hasDispute: bookings.hasDispute,
      createdAt: bookings.createdAt,
      // Qualified by hand: inside a select list drizzle renders ${bookings.id} as a bare "id",
      // which the subquery would read as the item's own id.
      categories: sql<
        string[]
      >`array(select distinct i.category::text from booking_items i where i.booking_id = bookings.id order by 1)`,
    })
    .from(bookings)
    .$dynamic();
  const count = db
    .select({ one: sql`1` })
    .from(bookings)
    .$dynamic();
  // Open cancellations are listed by their request, latest first: read from the few open requests'
  // index, not by walking every booking newest first for the one in a hundred that has one.
  const byRequest = input.open === "cancellation";
  const openRequest = and(
    eq(cancellationRequests.bookingId, bookings.id),
    inArray(cancellationRequests.status, [...openCancellationStatuses]),
  );
  if (byRequest) {
    page.innerJoin(cancellationRequests, openRequest);
    count.innerJoin(cancellationRequests, openRequest);
  }

  return {
    page: page
      .where(filter)
      .orderBy(
        ...(byRequest
          ? [desc(cancellationRequests.createdAt), desc(cancellationRequests.id)]
          : // Exactly idx_bookings_created's order (drizzle's .desc() index is NULLS LAST, SQL's DESC is
            // NULLS FIRST): newest first straight from the index, no sort of the whole table.
            [sql`${bookings.createdAt} desc nulls last`, asc(bookings.id)]),
      )
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    count: db.select({ n: sql<number>`count(*)::int` }).from(
      count
        .where(filter)
        .limit(COUNT_CAP + 1)
        .as("capped"),
    ),
  };
}

const fullReference = /^GD-[A-Z0-9]{6}$/i;

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
