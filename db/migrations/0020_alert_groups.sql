ALTER TABLE "alerts" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "group_size" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_group_id_alerts_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_group" ON "alerts" USING btree ("group_id") WHERE "alerts"."group_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "alerts_open_group" ON "alerts" USING btree ("source","severity","last_seen_at" DESC NULLS LAST) WHERE "alerts"."status" = 'open' AND "alerts"."group_id" IS NULL;