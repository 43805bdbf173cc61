-- Provider balances (db/schema/payout-rollups.ts): statement-level triggers append one delta row
-- per (provider, currency) a statement changed, computed with exactly the rules of `ledgerEntries`
-- (server/services/payouts/ledger.ts; change both together):
--   booking entry: an item with a provider_booking_id, +price_minor in price_currency, for its provider;
--   cancellation entry: each provider_cancellations element with status 'cancelled' and a
--   providerRefundMinor whose item has a provider_booking_id, -providerRefundMinor in
--   providerCurrency, for pc->>'provider'.
-- Old rows' contributions are subtracted and new rows' added; a statement that changes no counted
-- column writes nothing. Append-only: writers never wait on a shared counter row.

-- Finds the cancellations naming an item when the item starts or stops counting (containment on
-- the canonical uuid text, which is how every writer stores itemId).
CREATE INDEX IF NOT EXISTS idx_cancellations_provider_items ON cancellation_requests USING gin (provider_cancellations jsonb_path_ops);
--> statement-breakpoint
CREATE FUNCTION provider_ledger_items_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO provider_ledger_delta (provider_code, currency, owed_minor, entries)
    SELECT provider_code, currency, sum(owed), sum(n) FROM (
      SELECT n.provider_code, n.price_currency::text AS currency, n.price_minor AS owed, 1 AS n
      FROM new_rows n WHERE n.provider_booking_id IS NOT NULL
      UNION ALL
      -- Cancellations recorded before their item existed (only possible with hand-made rows).
      SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''), coalesce(-(pc->>'providerRefundMinor')::bigint, 0), 1
      FROM new_rows n
      JOIN cancellation_requests cr ON cr.provider_cancellations @> jsonb_build_array(jsonb_build_object('itemId', n.id::text))
      CROSS JOIN LATERAL jsonb_array_elements(cr.provider_cancellations) pc
      WHERE n.provider_booking_id IS NOT NULL AND (pc->>'itemId')::uuid = n.id
        AND pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
    ) c GROUP BY 1, 2 HAVING sum(owed) <> 0 OR sum(n) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO provider_ledger_delta (provider_code, currency, owed_minor, entries)
    SELECT provider_code, currency, sum(owed), sum(n) FROM (
      SELECT o.provider_code, o.price_currency::text AS currency, -o.price_minor AS owed, -1 AS n
      FROM old_rows o WHERE o.provider_booking_id IS NOT NULL
      UNION ALL
      -- Its cancellation entries go with it (a cascade deletes the requests in their own statement).
      SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''), coalesce((pc->>'providerRefundMinor')::bigint, 0), -1
      FROM old_rows o
      JOIN cancellation_requests cr ON cr.provider_cancellations @> jsonb_build_array(jsonb_build_object('itemId', o.id::text))
      CROSS JOIN LATERAL jsonb_array_elements(cr.provider_cancellations) pc
      WHERE o.provider_booking_id IS NOT NULL AND (pc->>'itemId')::uuid = o.id
        AND pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
    ) c GROUP BY 1, 2 HAVING sum(owed) <> 0 OR sum(n) <> 0;
  ELSE
    INSERT INTO provider_ledger_delta (provider_code, currency, owed_minor, entries)
    SELECT provider_code, currency, sum(owed), sum(n) FROM (
      SELECT o.provider_code, o.price_currency::text AS currency, -o.price_minor AS owed, -1 AS n
      FROM old_rows o JOIN new_rows x ON x.id = o.id
      WHERE o.provider_booking_id IS NOT NULL
        AND (o.provider_code, o.provider_booking_id IS NULL, o.price_minor, o.price_currency)
          IS DISTINCT FROM (x.provider_code, x.provider_booking_id IS NULL, x.price_minor, x.price_currency)
      UNION ALL
      SELECT x.provider_code, x.price_currency::text, x.price_minor, 1
      FROM old_rows o JOIN new_rows x ON x.id = o.id
      WHERE x.provider_booking_id IS NOT NULL
        AND (o.provider_code, o.provider_booking_id IS NULL, o.price_minor, o.price_currency)
          IS DISTINCT FROM (x.provider_code, x.provider_booking_id IS NULL, x.price_minor, x.price_currency)
      UNION ALL
      -- An item gaining (or losing) its provider_booking_id makes its cancellations count (or not).
      SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''),
        coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * f.sign, f.sign
      FROM (
        SELECT x.id, CASE WHEN x.provider_booking_id IS NULL THEN -1 ELSE 1 END AS sign
        FROM old_rows o JOIN new_rows x ON x.id = o.id
        WHERE (o.provider_booking_id IS NULL) <> (x.provider_booking_id IS NULL)
      ) f
      JOIN cancellation_requests cr ON cr.provider_cancellations @> jsonb_build_array(jsonb_build_object('itemId', f.id::text))
      CROSS JOIN LATERAL jsonb_array_elements(cr.provider_cancellations) pc
      WHERE (pc->>'itemId')::uuid = f.id
        AND pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
    ) c GROUP BY 1, 2 HAVING sum(owed) <> 0 OR sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER booking_items_provider_ledger_insert AFTER INSERT ON booking_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_ledger_items_capture();
--> statement-breakpoint
-- No column list is allowed with transition tables: unchanged rows are filtered in the function.
CREATE TRIGGER booking_items_provider_ledger_update AFTER UPDATE ON booking_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_ledger_items_capture();
--> statement-breakpoint
CREATE TRIGGER booking_items_provider_ledger_delete AFTER DELETE ON booking_items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_ledger_items_capture();
--> statement-breakpoint
-- A request's cancellation entries, each against its item's current provider_booking_id (the
-- transition tables exist per operation, so each has its own statement).
CREATE FUNCTION provider_ledger_cancellations_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO provider_ledger_delta (provider_code, currency, owed_minor, entries)
    SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''),
      sum(coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * r.sign), sum(r.sign)
    FROM (SELECT 1 AS sign, provider_cancellations FROM new_rows) r
    CROSS JOIN LATERAL jsonb_array_elements(r.provider_cancellations) pc
    JOIN booking_items i ON i.id = (pc->>'itemId')::uuid
    WHERE pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
      AND i.provider_booking_id IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * r.sign) <> 0 OR sum(r.sign) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO provider_ledger_delta (provider_code, currency, owed_minor, entries)
    SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''),
      sum(coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * r.sign), sum(r.sign)
    FROM (SELECT -1 AS sign, provider_cancellations FROM old_rows) r
    CROSS JOIN LATERAL jsonb_array_elements(r.provider_cancellations) pc
    JOIN booking_items i ON i.id = (pc->>'itemId')::uuid
    WHERE pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
      AND i.provider_booking_id IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * r.sign) <> 0 OR sum(r.sign) <> 0;
  ELSE
    INSERT INTO provider_ledger_delta (provider_code, currency, owed_minor, entries)
    SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''),
      sum(coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * r.sign), sum(r.sign)
    FROM (
      SELECT -1 AS sign, o.provider_cancellations FROM old_rows o JOIN new_rows x ON x.id = o.id
      WHERE x.provider_cancellations IS DISTINCT FROM o.provider_cancellations
      UNION ALL
      SELECT 1, x.provider_cancellations FROM old_rows o JOIN new_rows x ON x.id = o.id
      WHERE x.provider_cancellations IS DISTINCT FROM o.provider_cancellations
    ) r
    CROSS JOIN LATERAL jsonb_array_elements(r.provider_cancellations) pc
    JOIN booking_items i ON i.id = (pc->>'itemId')::uuid
    WHERE pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
      AND i.provider_booking_id IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(coalesce(-(pc->>'providerRefundMinor')::bigint, 0) * r.sign) <> 0 OR sum(r.sign) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cancellation_requests_provider_ledger_insert AFTER INSERT ON cancellation_requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION provider_ledger_cancellations_capture();
--> statement-breakpoint
CREATE TRIGGER cancellation_requests_provider_ledger_update AFTER UPDATE ON cancellation_requests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION provider_ledger_cancellations_capture();
--> statement-breakpoint
CREATE TRIGGER cancellation_requests_provider_ledger_delete AFTER DELETE ON cancellation_requests
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION provider_ledger_cancellations_capture();
--> statement-breakpoint
-- Backfill what existed before the triggers, set-based (the same rules).
INSERT INTO provider_ledger_total (provider_code, currency, owed_minor, entries)
SELECT provider_code, currency, sum(owed), count(*) FROM (
  SELECT i.provider_code, i.price_currency::text AS currency, i.price_minor AS owed
  FROM booking_items i WHERE i.provider_booking_id IS NOT NULL
  UNION ALL
  SELECT pc->>'provider', coalesce(pc->>'providerCurrency', ''), coalesce(-(pc->>'providerRefundMinor')::bigint, 0)
  FROM cancellation_requests cr
  CROSS JOIN LATERAL jsonb_array_elements(cr.provider_cancellations) pc
  JOIN booking_items i ON i.id = (pc->>'itemId')::uuid
  WHERE pc->>'provider' IS NOT NULL AND pc->>'status' = 'cancelled' AND pc ? 'providerRefundMinor'
    AND i.provider_booking_id IS NOT NULL
) e GROUP BY 1, 2;
