DROP INDEX "idx_communications_status";--> statement-breakpoint
CREATE INDEX "idx_communications_created" ON "booking_communications" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "idx_communications_channel" ON "booking_communications" USING btree ("channel","created_at","id");--> statement-breakpoint
CREATE INDEX "mail_outbox_account" ON "mail_outbox" USING btree ("created_at") WHERE "mail_outbox"."communication_id" IS NULL;--> statement-breakpoint
CREATE INDEX "idx_communications_status" ON "booking_communications" USING btree ("status","created_at","id");