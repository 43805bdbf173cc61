CREATE TABLE "money_check_gateway_records" (
	"run_id" uuid NOT NULL,
	"kind" varchar(12) NOT NULL,
	"gateway_id" varchar(100) NOT NULL,
	"payment_intent_id" varchar(100),
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "money_check_records_kind" CHECK ("money_check_gateway_records"."kind" IN ('charge', 'refund', 'chargeback'))
);
--> statement-breakpoint
CREATE TABLE "money_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gateway" varchar(20) NOT NULL,
	"status" varchar(10) DEFAULT 'running' NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"triggered_by" varchar(100) NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"differences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"difference_count" integer DEFAULT 0 NOT NULL,
	"alert_id" uuid,
	"error" text,
	CONSTRAINT "money_checks_status" CHECK ("money_checks"."status" IN ('running', 'green', 'red', 'failed')),
	CONSTRAINT "money_checks_finished" CHECK (("money_checks"."status" = 'running') = ("money_checks"."finished_at" IS NULL)),
	CONSTRAINT "money_checks_red_has_differences" CHECK ("money_checks"."status" <> 'red' OR "money_checks"."difference_count" > 0),
	CONSTRAINT "money_checks_green_clean" CHECK ("money_checks"."status" <> 'green' OR "money_checks"."difference_count" = 0),
	CONSTRAINT "money_checks_rows_bounded" CHECK (jsonb_array_length("money_checks"."differences") <= 200)
);
--> statement-breakpoint
ALTER TABLE "money_check_gateway_records" ADD CONSTRAINT "money_check_gateway_records_run_id_money_checks_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."money_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "money_check_records_run" ON "money_check_gateway_records" USING btree ("run_id","kind");--> statement-breakpoint
CREATE INDEX "money_checks_started" ON "money_checks" USING btree ("started_at" DESC NULLS LAST,"id");