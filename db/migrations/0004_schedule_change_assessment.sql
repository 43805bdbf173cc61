ALTER TABLE "booking_items" ADD COLUMN "schedule_change_assessment" jsonb;--> statement-breakpoint
ALTER TABLE "booking_items" ADD COLUMN "refund_eligible" boolean DEFAULT false NOT NULL;