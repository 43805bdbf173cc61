-- Statistics on the bookings search expression (idx_bookings_search_trgm's, and search-bookings.ts's):
-- without them the planner guesses a substring matches 100 bookings, and for a common name it
-- fetches and sorts 26,000 rows (127 ms at 1,000,000 bookings) instead of walking the newest-first
-- index until the page is full (2 ms). PostgreSQL 14+ (expression statistics). A 1,000-entry
-- histogram: with the default 100, a name in 2.6% of bookings can be missed by the sample, and
-- the guess falls back to 100 rows ("lope": 111 ms). ANALYZE of bookings then reads 300,000 rows
-- (13.5 s at 1,000,000, in autovacuum's background).
CREATE STATISTICS IF NOT EXISTS "bookings_search_text" ON (lower("booking_reference" || ' ' || "lead_last_name" || ' ' || "contact_email")) FROM "bookings";--> statement-breakpoint
ALTER STATISTICS "bookings_search_text" SET STATISTICS 1000;--> statement-breakpoint
ANALYZE "bookings";
