ALTER TYPE "public"."payment_method" ADD VALUE 'credit';--> statement-breakpoint
ALTER TYPE "public"."payment_method" ADD VALUE 'promo';--> statement-breakpoint
ALTER TYPE "public"."refund_status" ADD VALUE 'held';--> statement-breakpoint
DROP INDEX "idx_refunds_due";--> statement-breakpoint
DROP INDEX "idx_refunds_queue";--> statement-breakpoint
CREATE INDEX "idx_refunds_due" ON "refunds" USING btree ("due_by") WHERE "refunds"."status" NOT IN ('succeeded', 'cancelled');--> statement-breakpoint
CREATE INDEX "idx_refunds_queue" ON "refunds" USING btree (("status" <> 'failed'),"created_at","id") WHERE "refunds"."status" NOT IN ('succeeded', 'cancelled');