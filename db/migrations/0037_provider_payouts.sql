CREATE TABLE "payout_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"statement_id" uuid NOT NULL,
	"line_id" uuid,
	"booking_item_id" uuid,
	"kind" varchar(20) NOT NULL,
	"type" varchar(20) NOT NULL,
	"provider_reference" varchar(255) NOT NULL,
	"statement_amount_minor" bigint,
	"our_amount_minor" bigint,
	"currency" char(3) NOT NULL,
	"status" varchar(10) DEFAULT 'open' NOT NULL,
	"resolution_note" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_disputes_kind" CHECK ("payout_disputes"."kind" IN ('owe_more', 'owe_less', 'unknown_line', 'missing_line')),
	CONSTRAINT "payout_disputes_status" CHECK ("payout_disputes"."status" IN ('open', 'resolved')),
	CONSTRAINT "payout_disputes_resolution" CHECK (("payout_disputes"."status" = 'open') = ("payout_disputes"."resolved_at" IS NULL) AND ("payout_disputes"."status" = 'open' OR length(btrim("payout_disputes"."resolution_note")) > 0)),
	CONSTRAINT "payout_disputes_amounts" CHECK (("payout_disputes"."kind" = 'missing_line' OR "payout_disputes"."statement_amount_minor" IS NOT NULL) AND ("payout_disputes"."kind" = 'unknown_line' OR "payout_disputes"."our_amount_minor" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "payout_statement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statement_id" uuid NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"row_number" integer NOT NULL,
	"line_id" varchar(100) NOT NULL,
	"provider_reference" varchar(255) NOT NULL,
	"booking_reference" varchar(100),
	"type" varchar(20) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text,
	"match_status" varchar(20) DEFAULT 'unknown' NOT NULL,
	"our_amount_minor" bigint,
	"booking_item_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_lines_statement_line" UNIQUE("statement_id","line_id"),
	CONSTRAINT "payout_lines_type" CHECK ("payout_statement_lines"."type" IN ('booking', 'cancellation', 'fee', 'penalty', 'refund', 'adjustment')),
	CONSTRAINT "payout_lines_match" CHECK ("payout_statement_lines"."match_status" IN ('matched', 'mismatched', 'unknown'))
);
--> statement-breakpoint
CREATE TABLE "payout_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"statement_id" varchar(100) NOT NULL,
	"currency" char(3) NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"line_count" integer NOT NULL,
	"total_minor" bigint NOT NULL,
	"matched_count" integer DEFAULT 0 NOT NULL,
	"dispute_count" integer DEFAULT 0 NOT NULL,
	"file_name" text,
	"imported_by" text NOT NULL,
	"follow_up_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_statements_provider_statement" UNIQUE("provider_code","statement_id"),
	CONSTRAINT "payout_statements_period" CHECK ("payout_statements"."period_from" <= "payout_statements"."period_to"),
	CONSTRAINT "payout_statements_counts" CHECK ("payout_statements"."line_count" >= 0 AND "payout_statements"."matched_count" >= 0 AND "payout_statements"."dispute_count" >= 0),
	CONSTRAINT "payout_statements_currency_iso" CHECK ("payout_statements"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "payout_disputes" ADD CONSTRAINT "payout_disputes_provider_code_providers_code_fk" FOREIGN KEY ("provider_code") REFERENCES "public"."providers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_disputes" ADD CONSTRAINT "payout_disputes_statement_id_payout_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."payout_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_disputes" ADD CONSTRAINT "payout_disputes_line_id_payout_statement_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."payout_statement_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_statement_lines" ADD CONSTRAINT "payout_statement_lines_statement_id_payout_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."payout_statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_statements" ADD CONSTRAINT "payout_statements_provider_code_providers_code_fk" FOREIGN KEY ("provider_code") REFERENCES "public"."providers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_statements" ADD CONSTRAINT "payout_statements_follow_up_id_manual_follow_ups_id_fk" FOREIGN KEY ("follow_up_id") REFERENCES "public"."manual_follow_ups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_disputes_statement_difference" ON "payout_disputes" USING btree ("statement_id","kind","type","provider_reference");--> statement-breakpoint
CREATE INDEX "idx_payout_disputes_provider" ON "payout_disputes" USING btree ("provider_code","status","created_at","id");--> statement-breakpoint
CREATE INDEX "idx_payout_disputes_provider_all" ON "payout_disputes" USING btree ("provider_code","created_at","id");--> statement-breakpoint
CREATE INDEX "idx_payout_lines_unmatched" ON "payout_statement_lines" USING btree ("provider_code","created_at","id") WHERE "payout_statement_lines"."match_status" <> 'matched';--> statement-breakpoint
CREATE INDEX "idx_payout_statements_provider" ON "payout_statements" USING btree ("provider_code","created_at","id");