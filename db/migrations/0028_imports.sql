CREATE TABLE "import_row_errors" (
	"run_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"row_key" text,
	"message" text NOT NULL,
	CONSTRAINT "import_row_errors_line" UNIQUE("run_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"source" varchar(10) NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text,
	"status" varchar(10) DEFAULT 'running' NOT NULL,
	"lines_total" integer,
	"lines_done" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"created_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_runs_source" CHECK ("import_runs"."source" IN ('console', 'cli')),
	CONSTRAINT "import_runs_status" CHECK ("import_runs"."status" IN ('running', 'done', 'failed')),
	CONSTRAINT "import_runs_counts" CHECK ("import_runs"."lines_done" >= 0 AND "import_runs"."created" >= 0 AND "import_runs"."duplicates" >= 0 AND "import_runs"."errors" >= 0)
);
--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_runs_started" ON "import_runs" USING btree ("started_at","id");