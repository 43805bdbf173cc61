DROP INDEX "money_checks_started";--> statement-breakpoint
CREATE INDEX "money_checks_started" ON "money_checks" USING btree ("started_at","id");