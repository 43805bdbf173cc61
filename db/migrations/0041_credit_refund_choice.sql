CREATE TABLE "credit_refund_choices" (
	"cancellation_request_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"bonus_bps" integer NOT NULL,
	"chosen_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_refund_choices_bonus_range" CHECK ("credit_refund_choices"."bonus_bps" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "credit_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"refund_bonus_bps" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "credit_settings_single_row" CHECK ("credit_settings"."id" = 1),
	CONSTRAINT "credit_settings_bonus_range" CHECK ("credit_settings"."refund_bonus_bps" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
ALTER TABLE "credit_refund_choices" ADD CONSTRAINT "credit_refund_choices_cancellation_request_id_cancellation_requests_id_fk" FOREIGN KEY ("cancellation_request_id") REFERENCES "public"."cancellation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_refund_choices" ADD CONSTRAINT "credit_refund_choices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;