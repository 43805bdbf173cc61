// Bulk load: one statement per table per batch, which is what lets
// `db:seed -- --bookings 1000000` finish in minutes rather than hours.
import type postgres from "postgres";

export type Row = Record<string, unknown>;

/** Column lists per table, in load order (foreign keys point backwards). Unlisted columns take their defaults. */
export const seedTables = {
  users: ["id", "email", "name", "email_verified", "role", "timezone", "created_at"],
  trips: ["id", "user_id", "name", "created_at"],
  bookings: [
    "id", "user_id", "trip_id", "booking_reference", "booking_type", "status", "previous_status", "status_changed_at",
    "status_change_reason", "total_minor", "currency", "paid_minor", "travelers", "contact_info", "contact_email",
    "lead_last_name", "travel_start_at", "travel_end_at", "is_cancelled", "cancelled_at", "cancelled_by",
    "cancellation_reason", "is_refundable", "refund_deadline", "is_modifiable", "modification_deadline",
    "modification_count", "confirmation_sent", "confirmation_sent_at", "reminder_sent", "reminder_sent_at",
    "has_issue", "issue_type", "issue_description", "issue_resolved", "issue_resolved_at", "has_dispute", "dispute_id",
    "status_before_dispute", "last_synced_at", "sync_status", "sync_error", "sync_failures", "source", "utm_source",
    "utm_campaign", "created_at", "updated_at", "completed_at",
  ],
  booking_items: [
    "id", "booking_id", "category", "provider_code", "provider_booking_id", "provider_confirmation_number", "status",
    "previous_status", "status_changed_at", "item_details", "price_minor", "price_currency", "charge_share_minor",
    "start_at", "end_at", "start_zone", "end_zone", "traveler_indices", "depends_on_item_id", "cancellation_policy",
    "is_cancelled", "cancelled_at", "cancellation_fee_minor", "refund_minor", "last_synced_at", "provider_status",
    "sync_error", "original_details", "schedule_change_detected_at", "schedule_change_acknowledged", "created_at", "updated_at",
  ],
  booking_status_history: ["id", "booking_id", "booking_item_id", "from_status", "to_status", "changed_by", "change_reason", "provider_event_type", "created_at"],
  payment_transactions: ["id", "booking_id", "kind", "status", "method", "amount_minor", "currency", "gateway", "stripe_payment_intent_id", "stripe_charge_id", "stripe_payment_method_id", "created_at", "updated_at"],
  cancellation_requests: [
    "id", "booking_id", "requested_by", "request_reason", "cancellation_type", "items_to_cancel", "status",
    "refund_calculation", "quote_expires_at", "provider_cancellations", "refund_status", "created_at", "confirmed_at",
    "completed_at", "auto_processed",
  ],
  refunds: [
    "id", "booking_id", "cancellation_request_id", "payment_transaction_id", "refund_reference", "idempotency_key",
    "stripe_refund_id", "stripe_status", "amount_minor", "currency", "breakdown", "status", "reason", "requested_by",
    "processed_at", "failure_reason", "retry_count", "next_retry_at", "estimated_arrival", "due_by", "created_at", "updated_at",
  ],
  disputes: [
    "id", "booking_id", "payment_transaction_id", "stripe_dispute_id", "stripe_charge_id", "amount_minor", "currency",
    "reason", "status", "evidence_due_by", "evidence_submitted", "evidence_submitted_at", "outcome", "priority",
    "created_at", "updated_at", "resolved_at",
  ],
  booking_modifications: [
    "id", "booking_id", "booking_item_id", "modification_type", "status", "requested_by", "request_details",
    "original_data", "modified_data", "provider_code", "currency", "price_difference_minor", "fee_minor",
    "total_cost_minor", "payment_required", "payment_transaction_id", "created_at", "submitted_at", "completed_at",
  ],
  booking_communications: [
    "id", "booking_id", "type", "channel", "recipient_email", "recipient_user_id", "subject", "template_id", "status",
    "provider", "provider_message_id", "dedupe_key", "sent_at", "delivered_at", "opened_at", "failed_at",
    "failure_reason", "retry_count", "created_at",
  ],
  provider_webhooks: [
    "id", "provider_code", "webhook_id", "event_type", "occurred_at", "payload", "booking_id", "booking_item_id",
    "matched", "match_attempted_at", "match_error", "processed", "processed_at", "processing_error", "attempts",
    "action_taken", "received_at",
  ],
  alerts: [
    "id", "severity", "source", "title", "details", "booking_id", "dedupe_key", "occurrences", "status",
    "acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by", "last_seen_at", "created_at",
  ],
  manual_follow_ups: [
    "id", "kind", "title", "details", "booking_id", "alert_id", "priority", "owner", "due_at", "dedupe_key",
    "resolved", "resolved_at", "resolved_by", "resolution", "created_at",
  ],
} as const;
export type SeedTable = keyof typeof seedTables;
export type Batch = Record<SeedTable, Row[]>;
export const emptyBatch = (): Batch =>
  Object.fromEntries(Object.keys(seedTables).map((t) => [t, []])) as unknown as Batch;

/**
 * Inserts rows through `json_populate_recordset`: one statement and one parameter per table per
 * batch, with types (jsonb, arrays, timestamptz) converted by PostgreSQL. COPY would be a little
 * faster, but postgres.js swallows a failed COPY FROM STDIN and leaves its connection idle in an
 * aborted transaction (porsager/postgres#1173): a seed that hangs on bad data is worse than a slower one.
 */
export async function insertRows(sql: postgres.TransactionSql, table: SeedTable, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = seedTables[table];
  const known = new Set<string>(columns);
  // A key outside the list would be dropped silently: refuse it, it is a typo in the generator.
  for (const r of rows) for (const k in r) if (!known.has(k)) throw new Error(`seed: ${table}.${k} is not a seeded column`);
  const list = columns.join(", ");
  await sql.unsafe(`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(rows)]);
}

/** Loads a batch in one transaction, tables in dependency order. */
export async function insertBatch(sql: postgres.TransactionSql, batch: Batch): Promise<void> {
  for (const table of Object.keys(seedTables) as SeedTable[]) await insertRows(sql, table, batch[table]);
}
