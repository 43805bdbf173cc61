ALTER TABLE "booking_status_history" ALTER COLUMN "changed_by" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "cancelled_by" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "requested_by" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "booking_modifications" ALTER COLUMN "requested_by" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "cancellation_requests" ALTER COLUMN "requested_by" SET DATA TYPE text;--> statement-breakpoint
-- The typed Actor (server/domain/actor.ts): old kinds map to the new ones (a person on the portal was
-- a "user", an operator "support", a provider's webhook "webhook").
UPDATE "booking_status_history" SET "changed_by" = CASE "changed_by" WHEN 'user' THEN 'traveler' WHEN 'support' THEN 'ops' WHEN 'webhook' THEN 'provider' ELSE "changed_by" END WHERE "changed_by" IN ('user', 'support', 'webhook');--> statement-breakpoint
UPDATE "bookings" SET "cancelled_by" = CASE "cancelled_by" WHEN 'user' THEN 'traveler' WHEN 'support' THEN 'ops' WHEN 'webhook' THEN 'provider' ELSE "cancelled_by" END WHERE "cancelled_by" IN ('user', 'support', 'webhook');--> statement-breakpoint
UPDATE "refunds" SET "requested_by" = CASE "requested_by" WHEN 'user' THEN 'traveler' WHEN 'support' THEN 'ops' WHEN 'webhook' THEN 'provider' ELSE "requested_by" END WHERE "requested_by" IN ('user', 'support', 'webhook');--> statement-breakpoint
UPDATE "booking_modifications" SET "requested_by" = CASE "requested_by" WHEN 'user' THEN 'traveler' WHEN 'support' THEN 'ops' WHEN 'webhook' THEN 'provider' ELSE "requested_by" END WHERE "requested_by" IN ('user', 'support', 'webhook');--> statement-breakpoint
UPDATE "cancellation_requests" SET "requested_by" = CASE "requested_by" WHEN 'user' THEN 'traveler' WHEN 'support' THEN 'ops' WHEN 'webhook' THEN 'provider' ELSE "requested_by" END WHERE "requested_by" IN ('user', 'support', 'webhook');--> statement-breakpoint
DROP TYPE "public"."actor";--> statement-breakpoint
CREATE TYPE "public"."actor" AS ENUM('system', 'provider', 'traveler', 'guest', 'ops', 'api_client', 'rule');--> statement-breakpoint
ALTER TABLE "booking_status_history" ALTER COLUMN "changed_by" SET DATA TYPE "public"."actor" USING "changed_by"::"public"."actor";--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "cancelled_by" SET DATA TYPE "public"."actor" USING "cancelled_by"::"public"."actor";--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "requested_by" SET DATA TYPE "public"."actor" USING "requested_by"::"public"."actor";--> statement-breakpoint
ALTER TABLE "booking_modifications" ALTER COLUMN "requested_by" SET DATA TYPE "public"."actor" USING "requested_by"::"public"."actor";--> statement-breakpoint
ALTER TABLE "cancellation_requests" ALTER COLUMN "requested_by" SET DATA TYPE "public"."actor" USING "requested_by"::"public"."actor";--> statement-breakpoint
ALTER TABLE "booking_status_history" ADD COLUMN "actor_id" text;--> statement-breakpoint
ALTER TABLE "booking_status_history" ADD COLUMN "actor_rule_id" text;--> statement-breakpoint
ALTER TABLE "booking_status_history" ADD COLUMN "on_behalf_of" text;--> statement-breakpoint
-- Rules that name actor kinds in their conditions follow the rename.
UPDATE "automation_rules" SET "conditions" = (
  SELECT jsonb_agg(CASE WHEN c->>'field' LIKE '%requestedBy' THEN jsonb_set(c, '{value}', '["traveler", "guest", "ops"]') ELSE c END ORDER BY n)
  FROM jsonb_array_elements("conditions") WITH ORDINALITY AS t(c, n))
WHERE "conditions"::text LIKE '%requestedBy%';
