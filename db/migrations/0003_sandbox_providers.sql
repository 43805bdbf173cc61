CREATE TABLE "sandbox_bookings" (
	"provider_code" varchar(50) NOT NULL,
	"provider_booking_id" varchar(255) NOT NULL,
	"status" varchar(40) NOT NULL,
	"details" jsonb NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"sequence" integer DEFAULT 1 NOT NULL,
	"cancellation_reference" varchar(100),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_bookings_provider_code_provider_booking_id_pk" PRIMARY KEY("provider_code","provider_booking_id"),
	CONSTRAINT "sandbox_bookings_price_nonnegative" CHECK ("sandbox_bookings"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_provider_settings" (
	"provider_code" varchar(50) PRIMARY KEY NOT NULL,
	"latency_ms" integer DEFAULT 100 NOT NULL,
	"jitter_ms" integer DEFAULT 20 NOT NULL,
	"error_rate_bps" integer DEFAULT 0 NOT NULL,
	"outage" boolean DEFAULT false NOT NULL,
	"reject_cancellations" boolean DEFAULT false NOT NULL,
	"events_per_hour" integer DEFAULT 0 NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_settings_latency" CHECK ("sandbox_provider_settings"."latency_ms" >= 0 AND "sandbox_provider_settings"."jitter_ms" >= 0),
	CONSTRAINT "sandbox_settings_error_rate" CHECK ("sandbox_provider_settings"."error_rate_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "sandbox_settings_events" CHECK ("sandbox_provider_settings"."events_per_hour" >= 0)
);
--> statement-breakpoint
ALTER TABLE "sandbox_bookings" ADD CONSTRAINT "sandbox_bookings_provider_code_providers_code_fk" FOREIGN KEY ("provider_code") REFERENCES "public"."providers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_provider_settings" ADD CONSTRAINT "sandbox_provider_settings_provider_code_providers_code_fk" FOREIGN KEY ("provider_code") REFERENCES "public"."providers"("code") ON DELETE no action ON UPDATE no action;