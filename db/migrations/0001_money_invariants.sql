-- Refunded ≤ paid, enforced by the database (DESIGN.md, Data).
-- payment_transactions.refunded_minor = the payment's refunds that are pending, processing or
-- succeeded: money promised back is reserved at once, so concurrent refunds cannot together
-- exceed the payment (the row lock on the payment serialises them, the CHECK refuses the excess).
-- bookings.refunded_minor = the booking's succeeded refunds: money that has actually gone back.
CREATE FUNCTION refunds_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_reserved boolean := TG_OP <> 'INSERT' AND OLD.status IN ('pending', 'processing', 'succeeded');
  new_reserved boolean := TG_OP <> 'DELETE' AND NEW.status IN ('pending', 'processing', 'succeeded');
  old_done boolean := TG_OP <> 'INSERT' AND OLD.status = 'succeeded';
  new_done boolean := TG_OP <> 'DELETE' AND NEW.status = 'succeeded';
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
CREATE TRIGGER refunds_apply AFTER INSERT OR DELETE OR UPDATE OF status, amount_minor, payment_transaction_id, booking_id, currency
  ON refunds FOR EACH ROW EXECUTE FUNCTION refunds_apply();
