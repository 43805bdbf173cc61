import { z } from "zod";
import { actor, amountMinor, currency, instant, rowId } from "../fields";
import { declare } from "./declare";

// Provider payouts and travel credit.
export const payoutCreditEvents = {
  // Provider payouts (server/services/payouts): a statement matched, a payout dispute settled.
  payoutStatementImported: declare(
    "payout/statement_imported",
    z.object({
      statementId: rowId,
      providerCode: z.string(),
      lines: z.number().int(),
      matched: z.number().int(),
      disputes: z.number().int(),
    }),
    { historyOnly: "its disputes and their follow-up are written in the same transaction" },
  ),
  payoutDisputeResolved: declare(
    "payout/dispute_resolved",
    z.object({ disputeId: rowId, providerCode: z.string(), by: z.string(), note: z.string() }),
    { historyOnly: "a person's answer to the payout dispute, kept as its history" },
  ),

  // Travel credit (server/services/credits): each writes its ledger entry in the same transaction.
  creditGranted: declare(
    "credit/granted",
    z.object({ grantId: rowId, userId: rowId, kind: z.string(), amountMinor, currency, expiresAt: instant }),
    { historyOnly: "the grant and its ledger entry are the record; the expiry job reads the grant" },
  ),
  creditHoldPlaced: declare(
    "credit/hold_placed",
    z.object({ holdId: rowId, userId: rowId, amountMinor, currency, expiresAt: instant }),
    { historyOnly: "the checkout captures or releases it; the daily credit job expires it" },
  ),
  creditHoldSettled: declare(
    "credit/hold_settled",
    z.object({
      holdId: rowId,
      userId: rowId,
      to: z.enum(["captured", "released", "expired"]),
      bookingId: rowId.nullable(),
    }),
    { historyOnly: "the hold row and its ledger entry are the record; nothing waits on it" },
  ),
  creditRefundChosen: declare(
    "credit/refund_chosen",
    z.object({ cancellationId: rowId, bookingId: rowId, userId: rowId, bonusBps: z.number().int() }),
    { historyOnly: "the choice row is read when the refund is paid out; nothing waits on it" },
  ),
  creditSettingsChanged: declare("credit/settings_changed", z.object({ refundBonusBps: z.number().int(), by: actor }), {
    historyOnly: "the founder's change, kept as its audit record; the setting is read when a choice is made",
  }),
  creditExpired: declare("credit/expired", z.object({ grantId: rowId, userId: rowId, amountMinor, currency }), {
    historyOnly: "the expire entry is the record; the traveler was reminded before",
  }),
};
