-- Issue 23, item 6: auto_process_simple_refund fired on cancellation/completed, after the
-- cancellation function had already cancelled with every provider, written the refund (handed to
-- the pay-out function by refund/requested) and queued the notice: its actions could only find the
-- work done or race the pay-out function for the same refund — a second path for the same money,
-- which issue 23 forbids. Every confirmed cancellation is processed by that pipeline (held while a
-- dispute is open, retried, escalated), so the rule is retired: disabled, and its description says
-- why so /ops/automation does not promise what another path does. The row stays for its run history.
UPDATE "automation_rules"
SET "enabled" = false,
  "description" = 'Retired (issue 23): every confirmed cancellation is already cancelled with its providers, refunded and confirmed to the traveler by the cancellation pipeline; this rule could only repeat that work or race it for the same refund. Kept disabled for its run history.'
WHERE "id" = 'auto_process_simple_refund';
