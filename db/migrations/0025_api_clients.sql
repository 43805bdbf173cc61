CREATE TABLE "api_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(20) DEFAULT 'checkout' NOT NULL,
	"signing_secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "api_clients_name" UNIQUE("name"),
	CONSTRAINT "api_clients_kind" CHECK ("api_clients"."kind" IN ('checkout', 'import')),
	CONSTRAINT "api_clients_name_length" CHECK (char_length("api_clients"."name") BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" varchar(16) NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "api_keys_key_hash" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_name_length" CHECK (char_length("api_keys"."name") BETWEEN 1 AND 100)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_client" ON "api_keys" USING btree ("client_id","created_at");--> statement-breakpoint
-- The built-in client console and CLI imports run as (IMPORT_CLIENT_ID, server/services/api-clients/import-client.ts).
INSERT INTO "api_clients" ("id", "name", "kind") VALUES ('00000000-0000-4000-8000-000000000001', 'import', 'import') ON CONFLICT DO NOTHING;
