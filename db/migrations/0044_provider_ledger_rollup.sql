CREATE TABLE "provider_ledger_delta" (
	"id" bigserial NOT NULL,
	"provider_code" varchar(50) NOT NULL,
	"currency" text NOT NULL,
	"owed_minor" bigint NOT NULL,
	"entries" bigint NOT NULL,
	CONSTRAINT "provider_ledger_delta_provider_code_id_pk" PRIMARY KEY("provider_code","id")
);
--> statement-breakpoint
CREATE TABLE "provider_ledger_total" (
	"provider_code" varchar(50) NOT NULL,
	"currency" text NOT NULL,
	"owed_minor" bigint NOT NULL,
	"entries" bigint NOT NULL,
	CONSTRAINT "provider_ledger_total_provider_code_currency_pk" PRIMARY KEY("provider_code","currency")
);
