CREATE TABLE "local_slack_faults" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(20) NOT NULL,
	"remaining" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "alerts_unacknowledged";--> statement-breakpoint
CREATE INDEX "alerts_unacknowledged" ON "alerts" USING btree ("severity" DESC NULLS LAST,"created_at" DESC NULLS LAST) WHERE "alerts"."status" = 'open';