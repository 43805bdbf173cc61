CREATE TYPE "public"."job_run_status" AS ENUM('queued', 'running', 'sleeping', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."job_step_status" AS ENUM('planned', 'running', 'retrying', 'sleeping', 'waiting', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "job_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"user" jsonb,
	"ts" bigint NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_functions" (
	"id" text PRIMARY KEY NOT NULL,
	"app_id" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"config" jsonb NOT NULL,
	"event_triggers" text[] DEFAULT '{}'::text[] NOT NULL,
	"cron" text,
	"next_cron_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_idempotency" (
	"function_id" text NOT NULL,
	"key" text NOT NULL,
	"run_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "job_idempotency_function_id_key_pk" PRIMARY KEY("function_id","key")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"function_id" text NOT NULL,
	"event_id" uuid,
	"event" jsonb NOT NULL,
	"status" "job_run_status" DEFAULT 'queued' NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"pending_steps" text[] DEFAULT '{}'::text[] NOT NULL,
	"stack" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"disable_immediate_execution" boolean DEFAULT false NOT NULL,
	"concurrency_key" text,
	"concurrency_limit" integer,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"calls" integer DEFAULT 0 NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"replay_of" uuid,
	"cron_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_steps" (
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"name" text NOT NULL,
	"op" varchar(40) NOT NULL,
	"status" "job_step_status" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"wake_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_ms" integer,
	CONSTRAINT "job_steps_run_id_step_id_pk" PRIMARY KEY("run_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_function_id_job_functions_id_fk" FOREIGN KEY ("function_id") REFERENCES "public"."job_functions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_event_id_job_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."job_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_steps" ADD CONSTRAINT "job_steps_run_id_job_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."job_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "job_events_external_id" ON "job_events" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "job_events_name" ON "job_events" USING btree ("name","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "job_functions_event_triggers" ON "job_functions" USING gin ("event_triggers");--> statement-breakpoint
CREATE INDEX "job_runs_queue" ON "job_runs" USING btree ("next_run_at") WHERE "job_runs"."status" in ('queued', 'running', 'sleeping');--> statement-breakpoint
CREATE INDEX "job_runs_concurrency" ON "job_runs" USING btree ("concurrency_key") WHERE "job_runs"."status" = 'running' AND "job_runs"."concurrency_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "job_runs_function" ON "job_runs" USING btree ("function_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "job_runs_status" ON "job_runs" USING btree ("status","created_at" DESC NULLS LAST);