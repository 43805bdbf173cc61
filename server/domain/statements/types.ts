// Provider statements (docs/architecture.md, "Money (second wave)"): the CSV's columns, its line
// types, and the kinds of difference matching can find. The database CHECKs (db/schema/payouts.ts)
// spell the same lists.

export const statementColumns = [
  "statement_id",
  "line_id",
  "provider_reference",
  "booking_reference",
  "type",
  "amount",
  "currency",
  "occurred_on",
  "description",
] as const;
export type StatementColumn = (typeof statementColumns)[number];

export const statementLineTypes = ["booking", "cancellation", "fee", "penalty", "refund", "adjustment"] as const;
export type StatementLineType = (typeof statementLineTypes)[number];

/**
 * owe_more / owe_less: the provider says we owe more or less than our ledger for the same
 * reference and type; unknown_line: a line our ledger does not have; missing_line: an entry of
 * ours in the statement's period that the statement forgot.
 */
export const payoutDisputeKinds = ["owe_more", "owe_less", "unknown_line", "missing_line"] as const;
export type PayoutDisputeKind = (typeof payoutDisputeKinds)[number];

export const payoutDisputeStatuses = ["open", "resolved"] as const;
export type PayoutDisputeStatus = (typeof payoutDisputeStatuses)[number];

/** One parsed line, amounts in minor units (positive = we owe the provider). */
export type StatementLine = {
  rowNumber: number;
  statementId: string;
  lineId: string;
  providerReference: string;
  bookingReference: string | null;
  type: StatementLineType;
  amountMinor: number;
  currency: string;
  occurredOn: string;
  description: string | null;
};

/** What a provider code looks like (providers.code): anything else is no provider, and never echoed. */
export const providerCodePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
