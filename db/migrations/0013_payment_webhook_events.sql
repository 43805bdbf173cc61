CREATE TABLE "payment_webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gateway_event_id" varchar(255) NOT NULL,
	"type" varchar(100) NOT NULL,
	"object_id" varchar(255),
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed" boolean DEFAULT false NOT NULL,
	"processed_at" timestamp with time zone,
	"processing_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"action_taken" varchar(100),
	CONSTRAINT "payment_webhook_events_gateway_event" UNIQUE("gateway_event_id")
);
--> statement-breakpoint
CREATE INDEX "payment_webhook_events_object" ON "payment_webhook_events" USING btree ("object_id");--> statement-breakpoint
CREATE INDEX "payment_webhook_events_unprocessed" ON "payment_webhook_events" USING btree ("received_at") WHERE NOT "payment_webhook_events"."processed";