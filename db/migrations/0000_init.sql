CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."actor" AS ENUM('user', 'provider', 'system', 'support', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."automation_run_status" AS ENUM('started', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."automation_trigger" AS ENUM('provider_webhook', 'status_change', 'scheduled', 'user_action');--> statement-breakpoint
CREATE TYPE "public"."booking_status" AS ENUM('pending', 'confirmed', 'ticketed', 'modified', 'partially_cancelled', 'cancelled', 'completed', 'no_show', 'disputed', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."booking_type" AS ENUM('single', 'package');--> statement-breakpoint
CREATE TYPE "public"."cancellation_status" AS ENUM('pending', 'calculating', 'awaiting_confirmation', 'processing', 'completed', 'partial', 'rejected', 'failed', 'expired');--> statement-breakpoint
CREATE TYPE "public"."comm_channel" AS ENUM('email', 'sms', 'push');--> statement-breakpoint
CREATE TYPE "public"."comm_status" AS ENUM('pending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'failed');--> statement-breakpoint
CREATE TYPE "public"."comm_type" AS ENUM('confirmation_email', 'confirmation_sms', 'reminder_email', 'schedule_change_alert', 'cancellation_notice', 'refund_confirmation', 'modification_confirmation', 'document_delivery', 'trip_reminder', 'review_request');--> statement-breakpoint
CREATE TYPE "public"."dispute_status" AS ENUM('warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('e_ticket', 'voucher', 'itinerary', 'receipt');--> statement-breakpoint
CREATE TYPE "public"."item_category" AS ENUM('flight', 'hotel', 'car', 'experience');--> statement-breakpoint
CREATE TYPE "public"."item_status" AS ENUM('pending', 'confirmed', 'ticketed', 'modified', 'schedule_changed', 'cancelled', 'provider_cancelled', 'completed', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."modification_status" AS ENUM('pending', 'submitted', 'awaiting_payment', 'confirmed', 'rejected', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."modification_type" AS ENUM('name_change', 'date_change', 'time_change', 'add_traveler', 'remove_traveler', 'upgrade', 'downgrade', 'special_request', 'contact_update');--> statement-breakpoint
CREATE TYPE "public"."payment_kind" AS ENUM('charge', 'fee_charge');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('card', 'bank_transfer', 'wallet');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('requires_action', 'processing', 'succeeded', 'failed', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('pending', 'processing', 'succeeded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."sync_status" AS ENUM('synced', 'pending', 'error');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('traveler', 'ops');--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text,
	"email" text NOT NULL,
	"email_verified" timestamp with time zone,
	"image" text,
	"role" "user_role" DEFAULT 'traveler' NOT NULL,
	"phone" text,
	"timezone" text,
	"email_flagged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "provider_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"operation" varchar(50) NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer NOT NULL,
	"error" text,
	"booking_item_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"code" varchar(50) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" "item_category" NOT NULL,
	"adapter" varchar(50) DEFAULT 'sandbox' NOT NULL,
	"webhook_secret" text NOT NULL,
	"rate_limit_per_second" integer DEFAULT 20 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_rate_positive" CHECK ("providers"."rate_limit_per_second" > 0)
);
--> statement-breakpoint
CREATE TABLE "booking_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"category" "item_category" NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"provider_booking_id" varchar(255),
	"provider_confirmation_number" varchar(100),
	"status" "item_status" DEFAULT 'confirmed' NOT NULL,
	"previous_status" "item_status",
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_details" jsonb NOT NULL,
	"price_minor" bigint NOT NULL,
	"price_currency" char(3) NOT NULL,
	"charge_share_minor" bigint NOT NULL,
	"start_at" timestamp with time zone,
	"end_at" timestamp with time zone,
	"start_zone" text,
	"end_zone" text,
	"traveler_indices" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"depends_on_item_id" uuid,
	"cancellation_policy" jsonb,
	"is_cancelled" boolean DEFAULT false NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancellation_fee_minor" bigint,
	"refund_minor" bigint,
	"last_synced_at" timestamp with time zone,
	"provider_status" varchar(100),
	"provider_raw_status" jsonb,
	"provider_event_at" timestamp with time zone,
	"sync_error" text,
	"original_details" jsonb,
	"schedule_change_detected_at" timestamp with time zone,
	"schedule_change_acknowledged" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_price_nonnegative" CHECK ("booking_items"."price_minor" >= 0),
	CONSTRAINT "items_share_nonnegative" CHECK ("booking_items"."charge_share_minor" >= 0),
	CONSTRAINT "items_fee_nonnegative" CHECK ("booking_items"."cancellation_fee_minor" IS NULL OR "booking_items"."cancellation_fee_minor" >= 0),
	CONSTRAINT "items_refund_within_share" CHECK ("booking_items"."refund_minor" IS NULL OR ("booking_items"."refund_minor" >= 0 AND "booking_items"."refund_minor" <= "booking_items"."charge_share_minor")),
	CONSTRAINT "items_currency_iso" CHECK ("booking_items"."price_currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "booking_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"booking_item_id" uuid,
	"from_status" varchar(50),
	"to_status" varchar(50) NOT NULL,
	"changed_by" "actor" NOT NULL,
	"change_reason" text,
	"provider_event_type" varchar(100),
	"provider_raw_data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" "inet",
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"checkout_session_id" uuid,
	"trip_id" uuid,
	"booking_reference" varchar(20) NOT NULL,
	"booking_type" "booking_type" NOT NULL,
	"status" "booking_status" DEFAULT 'confirmed' NOT NULL,
	"previous_status" "booking_status",
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_change_reason" text,
	"total_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"travelers" jsonb NOT NULL,
	"contact_info" jsonb NOT NULL,
	"contact_email" text NOT NULL,
	"lead_last_name" text NOT NULL,
	"travel_start_at" timestamp with time zone,
	"travel_end_at" timestamp with time zone,
	"is_cancelled" boolean DEFAULT false NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" "actor",
	"cancellation_reason" text,
	"is_refundable" boolean DEFAULT true NOT NULL,
	"refund_deadline" timestamp with time zone,
	"is_modifiable" boolean DEFAULT true NOT NULL,
	"modification_deadline" timestamp with time zone,
	"modification_count" integer DEFAULT 0 NOT NULL,
	"documents_generated" boolean DEFAULT false NOT NULL,
	"confirmation_sent" boolean DEFAULT false NOT NULL,
	"confirmation_sent_at" timestamp with time zone,
	"reminder_sent" boolean DEFAULT false NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	"has_issue" boolean DEFAULT false NOT NULL,
	"issue_type" varchar(100),
	"issue_description" text,
	"issue_resolved" boolean DEFAULT false NOT NULL,
	"issue_resolved_at" timestamp with time zone,
	"has_dispute" boolean DEFAULT false NOT NULL,
	"dispute_id" uuid,
	"status_before_dispute" "booking_status",
	"last_synced_at" timestamp with time zone,
	"sync_status" "sync_status" DEFAULT 'synced' NOT NULL,
	"sync_error" text,
	"sync_failures" integer DEFAULT 0 NOT NULL,
	"source" varchar(50),
	"utm_source" varchar(100),
	"utm_campaign" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "bookings_reference_unique" UNIQUE("booking_reference"),
	CONSTRAINT "bookings_total_nonnegative" CHECK ("bookings"."total_minor" >= 0),
	CONSTRAINT "bookings_paid_nonnegative" CHECK ("bookings"."paid_minor" >= 0),
	CONSTRAINT "bookings_refunded_within_paid" CHECK ("bookings"."refunded_minor" >= 0 AND "bookings"."refunded_minor" <= "bookings"."paid_minor"),
	CONSTRAINT "bookings_currency_iso" CHECK ("bookings"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "bookings_travel_order" CHECK ("bookings"."travel_end_at" IS NULL OR "bookings"."travel_start_at" IS NULL OR "bookings"."travel_end_at" >= "bookings"."travel_start_at")
);
--> statement-breakpoint
CREATE TABLE "trips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"webhook_id" varchar(255) NOT NULL,
	"event_type" varchar(100) NOT NULL,
	"occurred_at" timestamp with time zone,
	"payload" jsonb NOT NULL,
	"booking_id" uuid,
	"booking_item_id" uuid,
	"matched" boolean DEFAULT false NOT NULL,
	"match_attempted_at" timestamp with time zone,
	"match_error" text,
	"processed" boolean DEFAULT false NOT NULL,
	"processed_at" timestamp with time zone,
	"processing_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"action_taken" varchar(100),
	"action_details" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_webhooks_provider_webhook_id" UNIQUE("provider_code","webhook_id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"payment_transaction_id" uuid,
	"stripe_dispute_id" varchar(100) NOT NULL,
	"stripe_charge_id" varchar(100),
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" varchar(100),
	"status" "dispute_status" NOT NULL,
	"evidence_due_by" timestamp with time zone,
	"evidence_submitted" boolean DEFAULT false NOT NULL,
	"evidence_submitted_at" timestamp with time zone,
	"evidence_data" jsonb,
	"outcome" varchar(50),
	"outcome_reason" text,
	"assigned_to" varchar(100),
	"priority" varchar(20) DEFAULT 'high' NOT NULL,
	"internal_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "disputes_stripe_dispute" UNIQUE("stripe_dispute_id"),
	CONSTRAINT "disputes_amount_positive" CHECK ("disputes"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" "payment_kind" NOT NULL,
	"status" "payment_status" NOT NULL,
	"method" "payment_method" DEFAULT 'card' NOT NULL,
	"amount_minor" bigint NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"currency" char(3) NOT NULL,
	"gateway" varchar(20) DEFAULT 'local' NOT NULL,
	"stripe_payment_intent_id" varchar(100),
	"stripe_charge_id" varchar(100),
	"stripe_payment_method_id" varchar(100),
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_stripe_payment_intent" UNIQUE("stripe_payment_intent_id"),
	CONSTRAINT "payments_stripe_charge" UNIQUE("stripe_charge_id"),
	CONSTRAINT "payments_amount_nonnegative" CHECK ("payment_transactions"."amount_minor" >= 0),
	CONSTRAINT "payments_refunded_within_paid" CHECK ("payment_transactions"."refunded_minor" >= 0 AND "payment_transactions"."refunded_minor" <= "payment_transactions"."amount_minor"),
	CONSTRAINT "payments_currency_iso" CHECK ("payment_transactions"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"cancellation_request_id" uuid,
	"payment_transaction_id" uuid NOT NULL,
	"refund_reference" varchar(50) NOT NULL,
	"idempotency_key" text NOT NULL,
	"stripe_refund_id" varchar(100),
	"stripe_status" varchar(50),
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"breakdown" jsonb,
	"provider_amount_minor" bigint,
	"provider_currency" char(3),
	"fx_rate" text,
	"fx_rate_source" text,
	"status" "refund_status" DEFAULT 'pending' NOT NULL,
	"reason" varchar(255),
	"requested_by" "actor",
	"processed_at" timestamp with time zone,
	"failure_reason" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"next_retry_at" timestamp with time zone,
	"estimated_arrival" date,
	"due_by" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_reference_unique" UNIQUE("refund_reference"),
	CONSTRAINT "refunds_idempotency_key" UNIQUE("idempotency_key"),
	CONSTRAINT "refunds_stripe_refund" UNIQUE("stripe_refund_id"),
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount_minor" > 0),
	CONSTRAINT "refunds_provider_amount_nonnegative" CHECK ("refunds"."provider_amount_minor" IS NULL OR "refunds"."provider_amount_minor" >= 0),
	CONSTRAINT "refunds_retry_nonnegative" CHECK ("refunds"."retry_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "booking_modifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"booking_item_id" uuid,
	"modification_type" "modification_type" NOT NULL,
	"status" "modification_status" DEFAULT 'pending' NOT NULL,
	"requested_by" "actor",
	"request_details" jsonb NOT NULL,
	"original_data" jsonb,
	"modified_data" jsonb,
	"provider_code" varchar(50),
	"provider_modification_id" varchar(255),
	"provider_response" jsonb,
	"currency" char(3),
	"price_difference_minor" bigint,
	"fee_minor" bigint,
	"total_cost_minor" bigint,
	"payment_required" boolean DEFAULT false NOT NULL,
	"payment_transaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"internal_notes" text,
	"user_notes" text,
	CONSTRAINT "modifications_fee_nonnegative" CHECK ("booking_modifications"."fee_minor" IS NULL OR "booking_modifications"."fee_minor" >= 0),
	CONSTRAINT "modifications_total_nonnegative" CHECK ("booking_modifications"."total_cost_minor" IS NULL OR "booking_modifications"."total_cost_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cancellation_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"requested_by" "actor" NOT NULL,
	"request_reason" varchar(255),
	"request_notes" text,
	"cancellation_type" varchar(20) NOT NULL,
	"items_to_cancel" uuid[],
	"status" "cancellation_status" DEFAULT 'pending' NOT NULL,
	"refund_calculation" jsonb,
	"policy_applied" jsonb,
	"quote_expires_at" timestamp with time zone,
	"provider_cancellations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"refund_id" uuid,
	"refund_status" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"auto_processed" boolean DEFAULT false NOT NULL,
	"auto_process_reason" varchar(255),
	CONSTRAINT "cancellations_type" CHECK ("cancellation_requests"."cancellation_type" IN ('full', 'partial'))
);
--> statement-breakpoint
CREATE TABLE "booking_communications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"type" "comm_type" NOT NULL,
	"channel" "comm_channel" NOT NULL,
	"recipient_email" varchar(255),
	"recipient_phone" varchar(50),
	"recipient_user_id" uuid,
	"subject" varchar(255),
	"template_id" varchar(100),
	"template_data" jsonb,
	"status" "comm_status" DEFAULT 'pending' NOT NULL,
	"provider" varchar(50),
	"provider_message_id" varchar(255),
	"dedupe_key" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"failure_reason" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"next_retry_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comms_retry_nonnegative" CHECK ("booking_communications"."retry_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"booking_item_id" uuid,
	"kind" "document_kind" NOT NULL,
	"traveler_index" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" varchar(100) DEFAULT 'application/pdf' NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_size_nonnegative" CHECK ("documents"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"from_address" text NOT NULL,
	"subject" text NOT NULL,
	"html" text,
	"text" text NOT NULL,
	"tag" varchar(50) NOT NULL,
	"communication_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"severity" "severity" NOT NULL,
	"source" varchar(100) NOT NULL,
	"title" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"booking_id" uuid,
	"dedupe_key" text,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"status" "alert_status" DEFAULT 'open' NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_rules" (
	"id" varchar(100) PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"trigger" "automation_trigger" NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" varchar(100) NOT NULL,
	"status" "automation_run_status" NOT NULL,
	"booking_id" uuid,
	"context" jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "manual_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(100) NOT NULL,
	"title" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"booking_id" uuid,
	"alert_id" uuid,
	"priority" "severity" DEFAULT 'medium' NOT NULL,
	"owner" text,
	"due_at" timestamp with time zone NOT NULL,
	"dedupe_key" text,
	"resolved" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"scope" varchar(100) NOT NULL,
	"request_hash" text,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start"),
	CONSTRAINT "rate_limits_count_nonnegative" CHECK ("rate_limits"."count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_calls" ADD CONSTRAINT "provider_calls_provider_code_providers_code_fk" FOREIGN KEY ("provider_code") REFERENCES "public"."providers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_items" ADD CONSTRAINT "booking_items_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_items" ADD CONSTRAINT "booking_items_provider_code_providers_code_fk" FOREIGN KEY ("provider_code") REFERENCES "public"."providers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_status_history" ADD CONSTRAINT "booking_status_history_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_status_history" ADD CONSTRAINT "booking_status_history_booking_item_id_booking_items_id_fk" FOREIGN KEY ("booking_item_id") REFERENCES "public"."booking_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_trip_id_trips_id_fk" FOREIGN KEY ("trip_id") REFERENCES "public"."trips"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trips" ADD CONSTRAINT "trips_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_webhooks" ADD CONSTRAINT "provider_webhooks_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_webhooks" ADD CONSTRAINT "provider_webhooks_booking_item_id_booking_items_id_fk" FOREIGN KEY ("booking_item_id") REFERENCES "public"."booking_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_payment_transaction_id_payment_transactions_id_fk" FOREIGN KEY ("payment_transaction_id") REFERENCES "public"."payment_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_cancellation_request_id_cancellation_requests_id_fk" FOREIGN KEY ("cancellation_request_id") REFERENCES "public"."cancellation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_transaction_id_payment_transactions_id_fk" FOREIGN KEY ("payment_transaction_id") REFERENCES "public"."payment_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_modifications" ADD CONSTRAINT "booking_modifications_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_modifications" ADD CONSTRAINT "booking_modifications_booking_item_id_booking_items_id_fk" FOREIGN KEY ("booking_item_id") REFERENCES "public"."booking_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_modifications" ADD CONSTRAINT "booking_modifications_payment_transaction_id_payment_transactions_id_fk" FOREIGN KEY ("payment_transaction_id") REFERENCES "public"."payment_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_requests" ADD CONSTRAINT "cancellation_requests_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_requests" ADD CONSTRAINT "cancellation_requests_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_communications" ADD CONSTRAINT "booking_communications_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_communications" ADD CONSTRAINT "booking_communications_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_booking_item_id_booking_items_id_fk" FOREIGN KEY ("booking_item_id") REFERENCES "public"."booking_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_communication_id_booking_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."booking_communications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_rule_id_automation_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."automation_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_follow_ups" ADD CONSTRAINT "manual_follow_ups_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_follow_ups" ADD CONSTRAINT "manual_follow_ups_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_email_lower" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "provider_calls_recent" ON "provider_calls" USING btree ("provider_code","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_booking_items_booking" ON "booking_items" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_booking_items_provider" ON "booking_items" USING btree ("provider_code","provider_booking_id");--> statement-breakpoint
CREATE INDEX "idx_booking_items_status" ON "booking_items" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_booking_items_dates" ON "booking_items" USING btree ("start_at");--> statement-breakpoint
CREATE INDEX "idx_booking_items_category" ON "booking_items" USING btree ("category","booking_id");--> statement-breakpoint
CREATE INDEX "idx_status_history_booking" ON "booking_status_history" USING btree ("booking_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_status_history_item" ON "booking_status_history" USING btree ("booking_item_id") WHERE "booking_status_history"."booking_item_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_bookings_user" ON "bookings" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_bookings_status" ON "bookings" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_bookings_dates" ON "bookings" USING btree ("travel_start_at","travel_end_at");--> statement-breakpoint
CREATE INDEX "idx_bookings_trip" ON "bookings" USING btree ("trip_id");--> statement-breakpoint
CREATE INDEX "idx_bookings_created" ON "bookings" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "idx_bookings_issues" ON "bookings" USING btree ("has_issue") WHERE "bookings"."has_issue" = true;--> statement-breakpoint
CREATE INDEX "idx_bookings_sync" ON "bookings" USING btree ("sync_status") WHERE "bookings"."sync_status" <> 'synced';--> statement-breakpoint
CREATE INDEX "idx_bookings_email" ON "bookings" USING btree (lower("contact_email"));--> statement-breakpoint
CREATE INDEX "idx_bookings_search_trgm" ON "bookings" USING gin ((lower("booking_reference" || ' ' || "lead_last_name" || ' ' || "contact_email")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "trips_user" ON "trips" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_booking" ON "provider_webhooks" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_unprocessed" ON "provider_webhooks" USING btree ("processed","received_at") WHERE NOT "provider_webhooks"."processed";--> statement-breakpoint
CREATE INDEX "idx_provider_webhooks_received" ON "provider_webhooks" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_disputes_booking" ON "disputes" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_disputes_status" ON "disputes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_disputes_evidence_due" ON "disputes" USING btree ("evidence_due_by") WHERE NOT "disputes"."evidence_submitted";--> statement-breakpoint
CREATE INDEX "payments_booking" ON "payment_transactions" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_refunds_booking" ON "refunds" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_refunds_status" ON "refunds" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_refunds_payment" ON "refunds" USING btree ("payment_transaction_id");--> statement-breakpoint
CREATE INDEX "idx_refunds_retry" ON "refunds" USING btree ("next_retry_at") WHERE "refunds"."status" IN ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "idx_modifications_booking" ON "booking_modifications" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_modifications_status" ON "booking_modifications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_cancellations_booking" ON "cancellation_requests" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_cancellations_status" ON "cancellation_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "cancellations_one_open_per_booking" ON "cancellation_requests" USING btree ("booking_id") WHERE status IN ('pending', 'calculating', 'awaiting_confirmation', 'processing', 'partial');--> statement-breakpoint
CREATE INDEX "idx_communications_booking" ON "booking_communications" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idx_communications_status" ON "booking_communications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_communications_pending" ON "booking_communications" USING btree ("status","next_retry_at") WHERE "booking_communications"."status" IN ('pending', 'failed') AND "booking_communications"."retry_count" < 3;--> statement-breakpoint
CREATE INDEX "communications_dedupe" ON "booking_communications" USING btree ("dedupe_key") WHERE "booking_communications"."dedupe_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "communications_provider_message" ON "booking_communications" USING btree ("provider_message_id") WHERE "booking_communications"."provider_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "documents_booking" ON "documents" USING btree ("booking_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mail_outbox_recipient" ON "mail_outbox" USING btree (lower("to_address"),"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_dedupe" ON "alerts" USING btree ("dedupe_key") WHERE "alerts"."status" <> 'resolved' AND "alerts"."dedupe_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "alerts_unresolved" ON "alerts" USING btree ("severity","created_at" DESC NULLS LAST) WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_booking" ON "alerts" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "automation_runs_rule" ON "automation_runs" USING btree ("rule_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_open_dedupe" ON "manual_follow_ups" USING btree ("dedupe_key") WHERE NOT "manual_follow_ups"."resolved" AND "manual_follow_ups"."dedupe_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "follow_ups_open" ON "manual_follow_ups" USING btree ("due_at") WHERE NOT "manual_follow_ups"."resolved";--> statement-breakpoint
CREATE INDEX "follow_ups_booking" ON "manual_follow_ups" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expiry" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."sent_at" IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_name" ON "outbox" USING btree ("name","created_at" DESC NULLS LAST);