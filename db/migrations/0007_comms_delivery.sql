ALTER TYPE "public"."comm_status" ADD VALUE 'cancelled';--> statement-breakpoint
CREATE TABLE "communication_contents" (
	"communication_id" uuid PRIMARY KEY NOT NULL,
	"subject" text,
	"html" text,
	"text" text NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communication_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"communication_id" uuid,
	"source" varchar(20) NOT NULL,
	"external_id" text NOT NULL,
	"type" varchar(50) NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communication_events_external" UNIQUE("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "contact_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "comm_channel" NOT NULL,
	"address" text NOT NULL,
	"reason" varchar(50) NOT NULL,
	"detail" text,
	"booking_id" uuid,
	"communication_id" uuid,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_push_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint" text NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text,
	"communication_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_number" text NOT NULL,
	"from_number" text NOT NULL,
	"body" text NOT NULL,
	"status" varchar(20) NOT NULL,
	"error_code" integer,
	"idempotency_key" text,
	"communication_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"channel" "comm_channel" DEFAULT 'email' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_faults" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "comm_channel" NOT NULL,
	"target" text NOT NULL,
	"kind" varchar(20) NOT NULL,
	"remaining" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"expires_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_subscriptions_endpoint" UNIQUE("endpoint")
);
--> statement-breakpoint
CREATE TABLE "booking_rollup" (
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "booking_status" NOT NULL,
	"bookings" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"paid_minor" bigint NOT NULL,
	"refunded_minor" bigint NOT NULL,
	"disputed" bigint NOT NULL,
	"open_issues" bigint NOT NULL,
	CONSTRAINT "booking_rollup_day_currency_status_pk" PRIMARY KEY("day","currency","status")
);
--> statement-breakpoint
CREATE TABLE "booking_rollup_delta" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "booking_status" NOT NULL,
	"bookings" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"paid_minor" bigint NOT NULL,
	"refunded_minor" bigint NOT NULL,
	"disputed" bigint NOT NULL,
	"open_issues" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timing_rollup" (
	"day" date NOT NULL,
	"metric" varchar(30) NOT NULL,
	"n" bigint NOT NULL,
	"seconds" bigint NOT NULL,
	CONSTRAINT "timing_rollup_day_metric_pk" PRIMARY KEY("day","metric")
);
--> statement-breakpoint
CREATE TABLE "timing_rollup_delta" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"metric" varchar(30) NOT NULL,
	"n" bigint NOT NULL,
	"seconds" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"rule_id" varchar(100) NOT NULL,
	"channel" varchar(20) NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"provider_message_id" text,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_notifications_once" UNIQUE("alert_id","channel"),
	CONSTRAINT "escalation_notifications_channel" CHECK ("escalation_notifications"."channel" IN ('slack', 'email', 'sms')),
	CONSTRAINT "escalation_notifications_status" CHECK ("escalation_notifications"."status" IN ('pending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "escalation_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"alert_id" uuid
);
--> statement-breakpoint
CREATE TABLE "local_slack_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"text" text NOT NULL,
	"blocks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ops_action_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" varchar(20) NOT NULL,
	"subject_id" uuid NOT NULL,
	"action" varchar(30) NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ops_action_history_subject" CHECK ("ops_action_history"."subject" IN ('alert', 'follow_up'))
);
--> statement-breakpoint
DROP INDEX "communications_dedupe";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "content_hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "communication_contents" ADD CONSTRAINT "communication_contents_communication_id_booking_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."booking_communications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_events" ADD CONSTRAINT "communication_events_communication_id_booking_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."booking_communications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_flags" ADD CONSTRAINT "contact_flags_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_flags" ADD CONSTRAINT "contact_flags_communication_id_booking_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."booking_communications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_push_messages" ADD CONSTRAINT "local_push_messages_communication_id_booking_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."booking_communications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_sms_messages" ADD CONSTRAINT "local_sms_messages_communication_id_booking_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."booking_communications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_notifications" ADD CONSTRAINT "escalation_notifications_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_throttles" ADD CONSTRAINT "escalation_throttles_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communication_events_communication" ON "communication_events" USING btree ("communication_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_flags_open" ON "contact_flags" USING btree ("channel","address") WHERE "contact_flags"."resolved_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "local_push_idempotency" ON "local_push_messages" USING btree ("idempotency_key","endpoint") WHERE "local_push_messages"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "local_sms_idempotency" ON "local_sms_messages" USING btree ("idempotency_key") WHERE "local_sms_messages"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notify_faults_target" ON "notify_faults" USING btree ("channel","target");--> statement-breakpoint
CREATE INDEX "push_subscriptions_user" ON "push_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "escalation_notifications_pending" ON "escalation_notifications" USING btree ("created_at") WHERE "escalation_notifications"."status" IN ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "ops_action_history_subject" ON "ops_action_history" USING btree ("subject_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_booking_items_provider_cancelled" ON "booking_items" USING btree ("provider_code","status_changed_at") WHERE "booking_items"."status" = 'provider_cancelled';--> statement-breakpoint
CREATE INDEX "idx_bookings_sync_error_trip" ON "bookings" USING btree ("travel_start_at") WHERE "bookings"."sync_status" = 'error';--> statement-breakpoint
CREATE INDEX "idx_refunds_failed" ON "refunds" USING btree ("created_at" DESC NULLS LAST) WHERE "refunds"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "idx_refunds_due" ON "refunds" USING btree ("due_by") WHERE "refunds"."status" IN ('pending', 'processing', 'failed');--> statement-breakpoint
CREATE INDEX "alerts_unacknowledged" ON "alerts" USING btree ("created_at" DESC NULLS LAST) WHERE "alerts"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "communications_dedupe" ON "booking_communications" USING btree ("dedupe_key") WHERE "booking_communications"."dedupe_key" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_version_unique" UNIQUE NULLS NOT DISTINCT("booking_id","kind","booking_item_id","traveler_index","version");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_version_positive" CHECK ("documents"."version" >= 1);