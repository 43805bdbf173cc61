ALTER TABLE "automation_rules" ADD COLUMN "event" varchar(100) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "automation_rules" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD COLUMN "event_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD COLUMN "event_name" varchar(100) NOT NULL;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD COLUMN "actions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "automation_runs_rule_event" ON "automation_runs" USING btree ("rule_id","event_id");--> statement-breakpoint
-- The spec's four auto-resolution rules (spec "Automation Engine"), as data the engine reads
-- (server/services/automation): each fires on an outbox event, checks its conditions on the event,
-- the item, the booking or the cancellation, and runs actions that call the existing services.
-- Enabled state is kept when a rule already exists (the seed may have written the spec's text).
INSERT INTO "automation_rules" ("id", "description", "trigger", "event", "conditions", "actions", "enabled") VALUES
('auto_cancel_provider_cancelled', 'A provider cancelled an item (webhook or sync): the item is cancelled, its share refunded in full and paid out, the traveler told, a high alert raised. Acts on the item; the booking is cancelled only when all its items are.',
 'provider_webhook', 'item/status_changed',
 '[{"field":"event.to","operator":"equals","value":"provider_cancelled"},{"field":"event.from","operator":"in","value":["confirmed","ticketed","modified","schedule_changed"]}]',
 '[{"type":"cancel_item","params":{"reason":"Provider cancelled"}},{"type":"refund_in_full","params":{}},{"type":"process_refund","params":{"auto":true}},{"type":"send_notification","params":{"template":"provider_cancellation"}},{"type":"create_alert","params":{"severity":"high"}}]',
 true),
('auto_update_schedule_change', 'A provider changed the schedule: the item carries the new details from the webhook and the traveler is told.',
 'provider_webhook', 'item/status_changed',
 '[{"field":"event.to","operator":"equals","value":"schedule_changed"}]',
 '[{"type":"update_item_details","params":{"source":"webhook_payload"}},{"type":"send_notification","params":{"template":"schedule_change"}}]',
 true),
('auto_complete_past_bookings', 'Hourly: bookings whose travel ended (confirmed, ticketed, modified or partially cancelled, no item pending or awaiting a schedule-change answer) become completed; a review request follows the day after, from 9:00 in the traveler''s zone.',
 'scheduled', 'automation/scheduled',
 '[]',
 '[{"type":"complete_ended_bookings","params":{}},{"type":"schedule_review_request","params":{"delay_days":1}}]',
 true),
('auto_process_simple_refund', 'A traveler''s (or support''s) confirmed cancellation went through with every provider: its refund is paid out and the traveler gets the cancellation confirmation.',
 'user_action', 'cancellation/completed',
 '[{"field":"cancellation.requestedBy","operator":"in","value":["user","support"]},{"field":"cancellation.refundCalculation.refundMinor","operator":"gt","value":0},{"field":"cancellation.refundId","operator":"exists","value":true}]',
 '[{"type":"cancel_with_providers","params":{}},{"type":"process_refund","params":{"auto":true}},{"type":"send_notification","params":{"template":"cancellation_confirmation"}}]',
 true)
ON CONFLICT ("id") DO UPDATE SET "description" = excluded."description", "trigger" = excluded."trigger", "event" = excluded."event",
  "conditions" = excluded."conditions", "actions" = excluded."actions";
