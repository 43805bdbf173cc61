-- Dashboard rollups (server/services/metrics/README.md): statement-level triggers append one delta
-- row per (day, currency, status) a statement changed. Deltas are append-only, so concurrent
-- writers never wait on a shared counter row; compaction folds them into the rollup tables.
CREATE FUNCTION booking_rollup_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO booking_rollup_delta (day, currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
    SELECT (created_at AT TIME ZONE 'UTC')::date, currency, status, count(*), sum(total_minor), sum(paid_minor), sum(refunded_minor),
      count(*) FILTER (WHERE has_dispute), count(*) FILTER (WHERE has_issue AND NOT issue_resolved)
    FROM new_rows GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO booking_rollup_delta (day, currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
    SELECT (created_at AT TIME ZONE 'UTC')::date, currency, status, -count(*), -sum(total_minor), -sum(paid_minor), -sum(refunded_minor),
      -count(*) FILTER (WHERE has_dispute), -count(*) FILTER (WHERE has_issue AND NOT issue_resolved)
    FROM old_rows GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO booking_rollup_delta (day, currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
    SELECT day, currency, status, sum(bookings), sum(total_minor), sum(paid_minor), sum(refunded_minor), sum(disputed), sum(open_issues)
    FROM (
      SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.currency, o.status, -1 AS bookings, -o.total_minor AS total_minor,
        -o.paid_minor AS paid_minor, -o.refunded_minor AS refunded_minor, -(o.has_dispute::int) AS disputed,
        -((o.has_issue AND NOT o.issue_resolved)::int) AS open_issues
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.status, o.currency, o.created_at, o.total_minor, o.paid_minor, o.refunded_minor, o.has_dispute, o.has_issue, o.issue_resolved)
        IS DISTINCT FROM (n.status, n.currency, n.created_at, n.total_minor, n.paid_minor, n.refunded_minor, n.has_dispute, n.has_issue, n.issue_resolved)
      UNION ALL
      SELECT (n.created_at AT TIME ZONE 'UTC')::date, n.currency, n.status, 1, n.total_minor, n.paid_minor, n.refunded_minor,
        n.has_dispute::int, (n.has_issue AND NOT n.issue_resolved)::int
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.status, o.currency, o.created_at, o.total_minor, o.paid_minor, o.refunded_minor, o.has_dispute, o.has_issue, o.issue_resolved)
        IS DISTINCT FROM (n.status, n.currency, n.created_at, n.total_minor, n.paid_minor, n.refunded_minor, n.has_dispute, n.has_issue, n.issue_resolved)
    ) d
    GROUP BY 1, 2, 3
    HAVING sum(bookings) <> 0 OR sum(total_minor) <> 0 OR sum(paid_minor) <> 0 OR sum(refunded_minor) <> 0 OR sum(disputed) <> 0 OR sum(open_issues) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER bookings_rollup_insert AFTER INSERT ON bookings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION booking_rollup_capture();
--> statement-breakpoint
-- PostgreSQL allows no column list with transition tables: rows whose counted columns did not
-- change are filtered in the function (a sync's updates add nothing).
CREATE TRIGGER bookings_rollup_update AFTER UPDATE ON bookings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION booking_rollup_capture();
--> statement-breakpoint
CREATE TRIGGER bookings_rollup_delete AFTER DELETE ON bookings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION booking_rollup_capture();
--> statement-breakpoint
-- Confirmation time: a booking's pending → confirmed, counted on the day it happened.
CREATE FUNCTION confirmation_timing_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timing_rollup_delta (day, metric, n, seconds)
  SELECT (h.created_at AT TIME ZONE 'UTC')::date, 'confirmation', count(*), sum(round(extract(epoch FROM h.created_at - b.created_at)))::bigint
  FROM new_rows h JOIN bookings b ON b.id = h.booking_id
  WHERE h.booking_item_id IS NULL AND h.from_status = 'pending' AND h.to_status = 'confirmed'
  GROUP BY 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER status_history_confirmation_timing AFTER INSERT ON booking_status_history REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION confirmation_timing_capture();
--> statement-breakpoint
-- A deleted booking takes its confirmation with it (its history goes by cascade, so this runs
-- before, per row: bookings are only deleted by resets and tests; money records forbid it otherwise).
CREATE FUNCTION booking_confirmation_uncount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timing_rollup_delta (day, metric, n, seconds)
  SELECT (h.created_at AT TIME ZONE 'UTC')::date, 'confirmation', -count(*), -sum(round(extract(epoch FROM h.created_at - OLD.created_at)))::bigint
  FROM booking_status_history h
  WHERE h.booking_id = OLD.id AND h.booking_item_id IS NULL AND h.from_status = 'pending' AND h.to_status = 'confirmed'
  GROUP BY 1;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER bookings_confirmation_uncount BEFORE DELETE ON bookings FOR EACH ROW EXECUTE FUNCTION booking_confirmation_uncount();
--> statement-breakpoint
-- Refund time: created → succeeded, counted on the day it was processed.
CREATE FUNCTION refund_timing_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO timing_rollup_delta (day, metric, n, seconds)
    SELECT (processed_at AT TIME ZONE 'UTC')::date, 'refund', count(*), sum(round(extract(epoch FROM processed_at - created_at)))::bigint
    FROM new_rows WHERE status = 'succeeded' AND processed_at IS NOT NULL GROUP BY 1;
  ELSE
    INSERT INTO timing_rollup_delta (day, metric, n, seconds)
    SELECT day, 'refund', sum(n), sum(seconds) FROM (
      SELECT (o.processed_at AT TIME ZONE 'UTC')::date AS day, -1 AS n, -round(extract(epoch FROM o.processed_at - o.created_at))::bigint AS seconds
      FROM old_rows o JOIN new_rows x ON x.id = o.id
      WHERE o.status = 'succeeded' AND o.processed_at IS NOT NULL
        AND (x.status, x.processed_at, x.created_at) IS DISTINCT FROM (o.status, o.processed_at, o.created_at)
      UNION ALL
      SELECT (x.processed_at AT TIME ZONE 'UTC')::date, 1, round(extract(epoch FROM x.processed_at - x.created_at))::bigint
      FROM old_rows o JOIN new_rows x ON x.id = o.id
      WHERE x.status = 'succeeded' AND x.processed_at IS NOT NULL
        AND (x.status, x.processed_at, x.created_at) IS DISTINCT FROM (o.status, o.processed_at, o.created_at)
    ) d GROUP BY 1 HAVING sum(n) <> 0 OR sum(seconds) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER refunds_timing_insert AFTER INSERT ON refunds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refund_timing_capture();
--> statement-breakpoint
CREATE TRIGGER refunds_timing_update AFTER UPDATE ON refunds
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refund_timing_capture();
--> statement-breakpoint
-- Backfill what existed before the triggers (a database seeded earlier).
INSERT INTO booking_rollup (day, currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
SELECT (created_at AT TIME ZONE 'UTC')::date, currency, status, count(*), sum(total_minor), sum(paid_minor), sum(refunded_minor),
  count(*) FILTER (WHERE has_dispute), count(*) FILTER (WHERE has_issue AND NOT issue_resolved)
FROM bookings GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO timing_rollup (day, metric, n, seconds)
SELECT (h.created_at AT TIME ZONE 'UTC')::date, 'confirmation', count(*), sum(round(extract(epoch FROM h.created_at - b.created_at)))::bigint
FROM booking_status_history h JOIN bookings b ON b.id = h.booking_id
WHERE h.booking_item_id IS NULL AND h.from_status = 'pending' AND h.to_status = 'confirmed'
GROUP BY 1;
--> statement-breakpoint
INSERT INTO timing_rollup (day, metric, n, seconds)
SELECT (processed_at AT TIME ZONE 'UTC')::date, 'refund', count(*), sum(round(extract(epoch FROM processed_at - created_at)))::bigint
FROM refunds WHERE status = 'succeeded' AND processed_at IS NOT NULL GROUP BY 1;
