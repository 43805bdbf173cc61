import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import { intakeOutcomes, type IntakeOutcome } from "@/server/domain/intake/outcomes";
import { apiClients } from "./api-clients";
import { bookings } from "./bookings";
import { createdAt } from "./columns";

/**
 * Every authenticated intake request, and the idempotency record of the ones that created a
 * booking (docs/architecture.md, "Intake"): one `created` row per (client, checkout session id),
 * written in the booking's own transaction, holds the first answer a retry gets back. Refusals are
 * logged after their rollback, so the console's intake log shows duplicates and errors too.
 */
export const intakeRequests = pgTable(
  "intake_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    clientId: uuid()
      .notNull()
      .references(() => apiClients.id, { onDelete: "cascade" }),
    /** The checkout session id (or, for imports, the platform's booking id): the idempotency key. */
    sessionId: text(),
    outcome: varchar({ length: 20 }).$type<IntakeOutcome>().notNull(),
    httpStatus: integer().notNull(),
    /** SHA-256 of the body as parsed: the same key with another body is a conflict. */
    bodySha256: text(),
    bookingId: uuid().references(() => bookings.id, { onDelete: "set null" }),
    /** The accepted body, shown on the booking's console page. */
    payload: jsonb(),
    /** The answer sent (created) or the issues found (refused). */
    response: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("intake_requests_outcome", sql`${t.outcome} IN ${sqlList(intakeOutcomes)}`),
    uniqueIndex("intake_requests_session")
      .on(t.clientId, t.sessionId)
      .where(sql`${t.outcome} = 'created'`),
    index("intake_requests_created").on(t.createdAt, t.id),
    // The console's intake log filtered by outcome or by client, newest first (list-intake-log.ts).
    index("intake_requests_outcome_created").on(t.outcome, t.createdAt, t.id),
    index("intake_requests_client_created").on(t.clientId, t.createdAt, t.id),
    index("intake_requests_booking")
      .on(t.bookingId)
      .where(sql`${t.bookingId} IS NOT NULL`),
  ],
);
