CREATE TABLE "booking_rollup_total" (
	"currency" char(3) NOT NULL,
	"status" "booking_status" NOT NULL,
	"bookings" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"paid_minor" bigint NOT NULL,
	"refunded_minor" bigint NOT NULL,
	"disputed" bigint NOT NULL,
	"open_issues" bigint NOT NULL,
	CONSTRAINT "booking_rollup_total_currency_status_pk" PRIMARY KEY("currency","status")
);
--> statement-breakpoint
-- All-time figures read this instead of every day's rows; compaction keeps it equal to the sum of booking_rollup.
INSERT INTO "booking_rollup_total" (currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
SELECT currency, status, sum(bookings), sum(total_minor), sum(paid_minor), sum(refunded_minor), sum(disputed), sum(open_issues)
FROM booking_rollup GROUP BY currency, status;
