DROP INDEX "idx_bookings_issues";--> statement-breakpoint
DROP INDEX "idx_provider_webhooks_unprocessed";--> statement-breakpoint
DROP INDEX "idx_provider_webhooks_received";--> statement-breakpoint
DROP INDEX "idx_disputes_awaiting_evidence";--> statement-breakpoint
DROP INDEX "idx_refunds_status";--> statement-breakpoint
DROP INDEX "alerts_unresolved";--> statement-breakpoint
DROP INDEX "follow_ups_open";--> statement-breakpoint
DROP INDEX "job_runs_function";--> statement-breakpoint
DROP INDEX "job_runs_status";--> statement-breakpoint
CREATE INDEX "idx_status_history_changes" ON "booking_status_history" USING btree ("to_status","created_at") WHERE "booking_status_history"."to_status" IN ('provider_cancelled', 'schedule_changed');--> statement-breakpoint
CREATE INDEX "idx_bookings_created_money" ON "bookings" USING btree ("created_at","currency","paid_minor");--> statement-breakpoint
CREATE INDEX "idx_bookings_open_issues" ON "bookings" USING btree ("created_at" DESC NULLS LAST,"id") WHERE "bookings"."has_issue" AND NOT "bookings"."issue_resolved";--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_provider" ON "provider_webhooks" USING btree ("provider_code","received_at","id");--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_type" ON "provider_webhooks" USING btree ("event_type","received_at","id");--> statement-breakpoint
CREATE INDEX "idx_disputes_open" ON "disputes" USING btree ("evidence_due_by","id") WHERE "disputes"."status" IN ('warning_needs_response', 'warning_under_review', 'needs_response', 'under_review');--> statement-breakpoint
CREATE INDEX "idx_disputes_closed" ON "disputes" USING btree ("created_at","id") WHERE "disputes"."status" IN ('warning_closed', 'won', 'lost');--> statement-breakpoint
CREATE INDEX "idx_disputes_created" ON "disputes" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "idx_disputes_resolved" ON "disputes" USING btree ("outcome","resolved_at") WHERE "disputes"."resolved_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_refunds_queue" ON "refunds" USING btree (("status" <> 'failed'),"created_at","id") WHERE "refunds"."status" IN ('pending', 'processing', 'failed');--> statement-breakpoint
CREATE INDEX "idx_refunds_settled" ON "refunds" USING btree ("created_at","id") WHERE "refunds"."status" IN ('succeeded', 'cancelled');--> statement-breakpoint
CREATE INDEX "idx_refunds_processed" ON "refunds" USING btree ("processed_at","currency","amount_minor") WHERE "refunds"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "idx_refunds_failed_updated" ON "refunds" USING btree ("updated_at") WHERE "refunds"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "idx_cancellations_completed" ON "cancellation_requests" USING btree ("completed_at") WHERE "cancellation_requests"."completed_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "alerts_history" ON "alerts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "follow_ups_owner_open" ON "manual_follow_ups" USING btree ("owner","due_at","id") WHERE NOT "manual_follow_ups"."resolved";--> statement-breakpoint
CREATE INDEX "follow_ups_resolved_history" ON "manual_follow_ups" USING btree ("resolved_at","id") WHERE "manual_follow_ups"."resolved";--> statement-breakpoint
CREATE INDEX "follow_ups_owner_resolved" ON "manual_follow_ups" USING btree ("owner","resolved_at","id") WHERE "manual_follow_ups"."resolved";--> statement-breakpoint
CREATE INDEX "follow_ups_history" ON "manual_follow_ups" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "follow_ups_owner_history" ON "manual_follow_ups" USING btree ("owner","created_at","id");--> statement-breakpoint
CREATE INDEX "job_runs_created" ON "job_runs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "local_slack_messages_created" ON "local_slack_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_unprocessed" ON "provider_webhooks" USING btree ("received_at","id") WHERE NOT "provider_webhooks"."processed";--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_received" ON "provider_webhooks" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "idx_disputes_awaiting_evidence" ON "disputes" USING btree ("evidence_due_by","id") WHERE NOT "disputes"."evidence_submitted" AND "disputes"."status" IN ('needs_response', 'warning_needs_response');--> statement-breakpoint
CREATE INDEX "idx_refunds_status" ON "refunds" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "alerts_unresolved" ON "alerts" USING btree ("severity","created_at","id") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "follow_ups_open" ON "manual_follow_ups" USING btree ("due_at","id") WHERE NOT "manual_follow_ups"."resolved";--> statement-breakpoint
CREATE INDEX "job_runs_function" ON "job_runs" USING btree ("function_id","created_at","id");--> statement-breakpoint
CREATE INDEX "job_runs_status" ON "job_runs" USING btree ("status","created_at","id");