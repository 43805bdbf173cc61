// The console's intake log (/ops/intake) and a booking's intake payload on its console page.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiClients, bookings, intakeRequests } from "@/db/schema";
import { intakeOutcomes, type IntakeOutcome } from "@/server/domain/intake/outcomes";
import { keysetPage, pageInput, type PageRequest, pageRequest } from "@/server/domain/page-cursor";
import { keyset } from "@/server/services/paging/keyset";

/** The log's filters (as the page reads them from its URL) and a keyset page. */
export const intakeLogFilters = {
  outcome: z.enum(intakeOutcomes).optional(),
  clientId: z.uuid().optional(),
};
export const intakeLogInput = z.object({ ...intakeLogFilters, ...pageInput }).prefault({});
export type IntakeLogFilter = { outcome?: IntakeOutcome; clientId?: string } & Partial<PageRequest>;

// A refusal's response is an IntakeError ({ error, message, issues? }); an answer has no message.
// The first issue names the field at fault, so it says more than the message.
const issue = sql`${intakeRequests.response}->'issues'->0`;
const problem = sql<string | null>`case when ${issue} is not null
  then concat_ws(': ', nullif(${issue}->>'field', ''), ${issue}->>'message')
  else ${intakeRequests.response}->>'message' end`;

/**
 * Every authenticated intake request, newest first, a keyset page at a time. Each filter has its
 * own (filter, created_at, id) index, so a rare outcome or client never walks the whole log.
 */
export async function listIntakeLog(db: Db, f: IntakeLogFilter = {}) {
  const req = pageRequest(f);
  const page = keyset(req, intakeRequests.createdAt, intakeRequests.id);
  const rows = await db
    .select({
      id: intakeRequests.id,
      pageAt: page.pageAt,
      receivedAt: intakeRequests.createdAt,
      clientId: intakeRequests.clientId,
      client: apiClients.name,
      sessionId: intakeRequests.sessionId,
      outcome: intakeRequests.outcome,
      httpStatus: intakeRequests.httpStatus,
      bookingId: intakeRequests.bookingId,
      reference: bookings.bookingReference,
      problem,
    })
    .from(intakeRequests)
    .innerJoin(apiClients, eq(apiClients.id, intakeRequests.clientId))
    .leftJoin(bookings, eq(bookings.id, intakeRequests.bookingId))
    .where(
      and(
        page.where,
        f.outcome ? eq(intakeRequests.outcome, f.outcome) : undefined,
        f.clientId ? eq(intakeRequests.clientId, f.clientId) : undefined,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return keysetPage(rows, req, (r) => ({ at: r.pageAt, id: r.id }));
}

/** How a booking came through the intake API: its `created` request, or null for a booking made otherwise. */
export async function intakeOfBooking(db: Db, bookingId: string) {
  const [row] = await db
    .select({
      client: apiClients.name,
      sessionId: intakeRequests.sessionId,
      receivedAt: intakeRequests.createdAt,
      payload: intakeRequests.payload,
    })
    .from(intakeRequests)
    .innerJoin(apiClients, eq(apiClients.id, intakeRequests.clientId))
    .where(and(eq(intakeRequests.bookingId, bookingId), eq(intakeRequests.outcome, "created")))
    .limit(1);
  return row ?? null;
}
