ALTER TABLE "disputes" ALTER COLUMN "booking_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "funds_withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "funds_reinstated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "deadline_stage" varchar(20);--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "deadline_stage_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "chargeback_refund_id" uuid;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_chargeback_refund_id_refunds_id_fk" FOREIGN KEY ("chargeback_refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_deadline_stage" CHECK ("disputes"."deadline_stage" IS NULL OR "disputes"."deadline_stage" IN ('due_72h', 'due_24h', 'past_due'));