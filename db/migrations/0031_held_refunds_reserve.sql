-- Issue 23: a `held` refund (owed, blocked by an open dispute on its payment) reserves its amount
-- like a pending one, so payment_transactions.refunded_minor = pending + processing + held +
-- succeeded (chargebacks are succeeded refunds), and payments_refunded_within_paid keeps
-- refunds + chargebacks ≤ paid. Statuses are compared as text: 'held' was added by ALTER TYPE in
-- this same migration transaction (PL/pgSQL bodies are only checked when they run).
CREATE OR REPLACE FUNCTION refunds_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_reserved boolean := TG_OP <> 'INSERT' AND OLD.status::text IN ('pending', 'processing', 'succeeded', 'held');
  new_reserved boolean := TG_OP <> 'DELETE' AND NEW.status::text IN ('pending', 'processing', 'succeeded', 'held');
  old_done boolean := TG_OP <> 'INSERT' AND OLD.status::text = 'succeeded';
  new_done boolean := TG_OP <> 'DELETE' AND NEW.status::text = 'succeeded';
BEGIN
  IF TG_OP <> 'DELETE' THEN
    PERFORM 1 FROM payment_transactions p
      WHERE p.id = NEW.payment_transaction_id AND p.currency = NEW.currency AND p.booking_id = NEW.booking_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'refund % must be in the currency of its payment and belong to the same booking', NEW.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_match_payment';
    END IF;
  END IF;
  IF old_reserved THEN
    UPDATE payment_transactions SET refunded_minor = refunded_minor - OLD.amount_minor, updated_at = now()
      WHERE id = OLD.payment_transaction_id;
  END IF;
  IF new_reserved THEN
    UPDATE payment_transactions SET refunded_minor = refunded_minor + NEW.amount_minor, updated_at = now()
      WHERE id = NEW.payment_transaction_id;
  END IF;
  IF old_done THEN
    UPDATE bookings SET refunded_minor = refunded_minor - OLD.amount_minor, updated_at = now() WHERE id = OLD.booking_id;
  END IF;
  IF new_done THEN
    UPDATE bookings SET refunded_minor = refunded_minor + NEW.amount_minor, updated_at = now() WHERE id = NEW.booking_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A charge under an open dispute is never also paid back by us unless ops overrode it with a reason:
-- a refund may not start out (pending, held or failed → processing or succeeded) while its payment
-- has an open dispute. A row inserted as already answered by the gateway records money that left.
-- The payment row is locked first; the dispute webhook locks it before inserting a dispute, so a
-- payout and a new dispute are serialised (the later one sees the earlier). Chargebacks are the
-- dispute's own money and pass.
CREATE FUNCTION refunds_dispute_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status::text NOT IN ('processing', 'succeeded')
    OR OLD.status::text IN ('processing', 'succeeded')
    OR NEW.reason IS NOT DISTINCT FROM 'chargeback'
    OR NEW.dispute_override_reason IS NOT NULL THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM payment_transactions WHERE id = NEW.payment_transaction_id FOR UPDATE;
  PERFORM 1 FROM disputes d
    WHERE d.payment_transaction_id = NEW.payment_transaction_id
      AND d.status::text IN ('warning_needs_response', 'warning_under_review', 'needs_response', 'under_review');
  IF FOUND THEN
    RAISE EXCEPTION 'refund % cannot be paid: its payment is under an open dispute (hold it, or override with a reason)', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_disputed_charge';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refunds_dispute_guard BEFORE UPDATE OF status ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_dispute_guard();
