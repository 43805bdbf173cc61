-- Travel credit ledger (db/schema/credits.ts): entries are append-only, and every entry moves the
-- account's balance row and its grant in the same statement, so the CHECKs there (balance >= 0,
-- held <= balance, remaining >= 0) refuse any entry that would overdraw.
CREATE FUNCTION credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_entries is append-only: % refused', TG_OP USING ERRCODE = '55000';
END $$;
--> statement-breakpoint
CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();
--> statement-breakpoint
CREATE FUNCTION credit_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d_balance bigint := 0;
  d_held bigint := 0;
BEGIN
  CASE NEW.kind
    WHEN 'issue', 'bonus', 'refund_as_credit' THEN d_balance := NEW.amount_minor;
    WHEN 'hold' THEN d_held := NEW.amount_minor;
    WHEN 'release' THEN d_held := -NEW.amount_minor;
    WHEN 'capture' THEN d_balance := -NEW.amount_minor; d_held := -NEW.amount_minor;
    WHEN 'spend', 'expire' THEN d_balance := -NEW.amount_minor;
  END CASE;
  -- A grant or hold of another account or currency would move the wrong balance.
  IF NEW.grant_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM credit_grants g WHERE g.id = NEW.grant_id AND g.user_id = NEW.user_id AND g.currency = NEW.currency
  ) THEN
    RAISE EXCEPTION 'credit entry % names grant % of another account or currency', NEW.kind, NEW.grant_id
      USING ERRCODE = '23514', CONSTRAINT = 'credit_entries_same_account';
  END IF;
  IF NEW.hold_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM credit_holds h WHERE h.id = NEW.hold_id AND h.user_id = NEW.user_id AND h.currency = NEW.currency
  ) THEN
    RAISE EXCEPTION 'credit entry % names hold % of another account or currency', NEW.kind, NEW.hold_id
      USING ERRCODE = '23514', CONSTRAINT = 'credit_entries_same_account';
  END IF;
  IF NEW.kind IN ('capture', 'spend', 'expire') THEN
    UPDATE credit_grants SET remaining_minor = remaining_minor - NEW.amount_minor WHERE id = NEW.grant_id;
  END IF;
  -- Update first: an INSERT … ON CONFLICT checks the CHECKs on the proposed row (a bare hold) before the conflict.
  UPDATE credit_balances SET balance_minor = balance_minor + d_balance, held_minor = held_minor + d_held, updated_at = now()
    WHERE user_id = NEW.user_id AND currency = NEW.currency;
  IF NOT FOUND THEN
    INSERT INTO credit_balances AS b (user_id, currency, balance_minor, held_minor)
      VALUES (NEW.user_id, NEW.currency, d_balance, d_held)
      ON CONFLICT (user_id, currency) DO UPDATE
        SET balance_minor = b.balance_minor + d_balance, held_minor = b.held_minor + d_held, updated_at = now();
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER credit_entries_apply AFTER INSERT ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_entries_apply();
