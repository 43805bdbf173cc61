CREATE TABLE "intake_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"session_id" text,
	"outcome" varchar(20) NOT NULL,
	"http_status" integer NOT NULL,
	"body_sha256" text,
	"booking_id" uuid,
	"payload" jsonb,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intake_requests_outcome" CHECK ("intake_requests"."outcome" IN ('created', 'duplicate', 'conflict', 'invalid'))
);
--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "checkout_session_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "payment_transactions" ADD COLUMN "stripe_customer_id" varchar(100);--> statement-breakpoint
ALTER TABLE "payment_transactions" ADD COLUMN "funding" varchar(10);--> statement-breakpoint
ALTER TABLE "intake_requests" ADD CONSTRAINT "intake_requests_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_requests" ADD CONSTRAINT "intake_requests_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "intake_requests_session" ON "intake_requests" USING btree ("client_id","session_id") WHERE "intake_requests"."outcome" = 'created';--> statement-breakpoint
CREATE INDEX "intake_requests_created" ON "intake_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "intake_requests_booking" ON "intake_requests" USING btree ("booking_id") WHERE "intake_requests"."booking_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_transactions" ADD CONSTRAINT "payments_funding" CHECK ("payment_transactions"."funding" IS NULL OR "payment_transactions"."funding" IN ('credit', 'debit', 'prepaid', 'unknown'));