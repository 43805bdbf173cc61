CREATE TABLE "local_gateway_disputes" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"payment_intent_id" varchar(64) NOT NULL,
	"charge_id" varchar(64),
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" varchar(64) NOT NULL,
	"status" varchar(40) NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evidence_due_by" timestamp with time zone NOT NULL,
	"submission_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lg_disputes_amount_positive" CHECK ("local_gateway_disputes"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "local_gateway_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" varchar(64) NOT NULL,
	"type" varchar(80) NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "local_gateway_events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "local_gateway_faults" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation" varchar(20) NOT NULL,
	"mode" varchar(30) NOT NULL,
	"remaining" integer NOT NULL,
	"decline_code" varchar(64),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lg_faults_operation" CHECK ("local_gateway_faults"."operation" IN ('refund', 'charge')),
	CONSTRAINT "lg_faults_mode" CHECK ("local_gateway_faults"."mode" IN ('decline', 'timeout_after_success', 'fail_later', 'unavailable')),
	CONSTRAINT "lg_faults_remaining" CHECK ("local_gateway_faults"."remaining" >= 0)
);
--> statement-breakpoint
CREATE TABLE "local_gateway_files" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"purpose" varchar(40) NOT NULL,
	"filename" text NOT NULL,
	"content_type" varchar(100) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_gateway_idempotency" (
	"key" text PRIMARY KEY NOT NULL,
	"operation" varchar(40) NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_gateway_payment_intents" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"charge_id" varchar(64),
	"status" varchar(32) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"amount_received_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"currency" char(3) NOT NULL,
	"payment_method_id" text,
	"customer_id" text,
	"description" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"return_url" text,
	"client_secret" text NOT NULL,
	"last_error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "local_gateway_payment_intents_chargeId_unique" UNIQUE("charge_id"),
	CONSTRAINT "lg_intents_amount_positive" CHECK ("local_gateway_payment_intents"."amount_minor" > 0),
	CONSTRAINT "lg_intents_received_within_amount" CHECK ("local_gateway_payment_intents"."amount_received_minor" >= 0 AND "local_gateway_payment_intents"."amount_received_minor" <= "local_gateway_payment_intents"."amount_minor"),
	CONSTRAINT "lg_intents_refunded_within_received" CHECK ("local_gateway_payment_intents"."refunded_minor" >= 0 AND "local_gateway_payment_intents"."refunded_minor" <= "local_gateway_payment_intents"."amount_received_minor"),
	CONSTRAINT "lg_intents_status" CHECK ("local_gateway_payment_intents"."status" IN ('requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled'))
);
--> statement-breakpoint
CREATE TABLE "local_gateway_refunds" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"payment_intent_id" varchar(64) NOT NULL,
	"charge_id" varchar(64),
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" varchar(32) NOT NULL,
	"reason" varchar(40),
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"failure_reason" varchar(64),
	"settle_at" timestamp with time zone,
	"settle_to" varchar(32),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lg_refunds_amount_positive" CHECK ("local_gateway_refunds"."amount_minor" > 0),
	CONSTRAINT "lg_refunds_status" CHECK ("local_gateway_refunds"."status" IN ('pending', 'succeeded', 'failed', 'canceled'))
);
--> statement-breakpoint
ALTER TABLE "local_gateway_disputes" ADD CONSTRAINT "local_gateway_disputes_payment_intent_id_local_gateway_payment_intents_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "public"."local_gateway_payment_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_gateway_refunds" ADD CONSTRAINT "local_gateway_refunds_payment_intent_id_local_gateway_payment_intents_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "public"."local_gateway_payment_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lg_events_undelivered" ON "local_gateway_events" USING btree ("seq") WHERE "local_gateway_events"."delivered_at" IS NULL;--> statement-breakpoint
CREATE INDEX "lg_faults_pending" ON "local_gateway_faults" USING btree ("operation","id") WHERE "local_gateway_faults"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "lg_refunds_intent" ON "local_gateway_refunds" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "lg_refunds_settle" ON "local_gateway_refunds" USING btree ("settle_at") WHERE "local_gateway_refunds"."status" = 'pending';