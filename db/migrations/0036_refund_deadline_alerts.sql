ALTER TABLE "refunds" ADD COLUMN "deadline_alert" varchar(10);--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "deadline_alert_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_deadline_alert" CHECK ("refunds"."deadline_alert" IS NULL OR "refunds"."deadline_alert" IN ('near', 'missed'));