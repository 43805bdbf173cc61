CREATE TABLE "credit_balances" (
	"user_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"balance_minor" bigint DEFAULT 0 NOT NULL,
	"held_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_balances_user_id_currency_pk" PRIMARY KEY("user_id","currency"),
	CONSTRAINT "credit_balances_nonnegative" CHECK ("credit_balances"."balance_minor" >= 0),
	CONSTRAINT "credit_balances_held_within" CHECK ("credit_balances"."held_minor" >= 0 AND "credit_balances"."held_minor" <= "credit_balances"."balance_minor"),
	CONSTRAINT "credit_balances_currency_iso" CHECK ("credit_balances"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "credit_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"grant_id" uuid,
	"hold_id" uuid,
	"payment_transaction_id" uuid,
	"refund_id" uuid,
	"actor" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_entries_refund" UNIQUE("refund_id","kind"),
	CONSTRAINT "credit_entries_amount_positive" CHECK ("credit_entries"."amount_minor" > 0),
	CONSTRAINT "credit_entries_kind" CHECK ("credit_entries"."kind" IN ('issue', 'bonus', 'refund_as_credit', 'hold', 'release', 'capture', 'spend', 'expire')),
	CONSTRAINT "credit_entries_currency_iso" CHECK ("credit_entries"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "credit_entries_grant" CHECK (("credit_entries"."kind" IN ('issue', 'bonus', 'refund_as_credit', 'capture', 'spend', 'expire')) = ("credit_entries"."grant_id" IS NOT NULL)),
	CONSTRAINT "credit_entries_hold" CHECK ("credit_entries"."kind" NOT IN ('hold', 'release', 'capture') OR "credit_entries"."hold_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "credit_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"remaining_minor" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_grants_amount_positive" CHECK ("credit_grants"."amount_minor" > 0),
	CONSTRAINT "credit_grants_remaining_within" CHECK ("credit_grants"."remaining_minor" >= 0 AND "credit_grants"."remaining_minor" <= "credit_grants"."amount_minor"),
	CONSTRAINT "credit_grants_currency_iso" CHECK ("credit_grants"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "credit_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" varchar(10) DEFAULT 'held' NOT NULL,
	"client_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"payment_transaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "credit_holds_idempotency" UNIQUE("client_id","idempotency_key"),
	CONSTRAINT "credit_holds_amount_positive" CHECK ("credit_holds"."amount_minor" > 0),
	CONSTRAINT "credit_holds_status" CHECK ("credit_holds"."status" IN ('held', 'captured', 'released', 'expired')),
	CONSTRAINT "credit_holds_currency_iso" CHECK ("credit_holds"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "credit_holds_captured_payment" CHECK (("credit_holds"."status" = 'captured') = ("credit_holds"."payment_transaction_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "credit_balances" ADD CONSTRAINT "credit_balances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_grant_id_credit_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."credit_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_hold_id_credit_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."credit_holds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_payment_transaction_id_payment_transactions_id_fk" FOREIGN KEY ("payment_transaction_id") REFERENCES "public"."payment_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_grants" ADD CONSTRAINT "credit_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_payment_transaction_id_payment_transactions_id_fk" FOREIGN KEY ("payment_transaction_id") REFERENCES "public"."payment_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_entries_account" ON "credit_entries" USING btree ("user_id","currency","created_at");--> statement-breakpoint
CREATE INDEX "credit_entries_payment" ON "credit_entries" USING btree ("payment_transaction_id") WHERE "credit_entries"."payment_transaction_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "credit_grants_live" ON "credit_grants" USING btree ("user_id","currency","expires_at") WHERE "credit_grants"."remaining_minor" > 0;--> statement-breakpoint
CREATE INDEX "credit_grants_expiring" ON "credit_grants" USING btree ("expires_at") WHERE "credit_grants"."remaining_minor" > 0;--> statement-breakpoint
CREATE INDEX "credit_holds_open" ON "credit_holds" USING btree ("expires_at") WHERE "credit_holds"."status" = 'held';