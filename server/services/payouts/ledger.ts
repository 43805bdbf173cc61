import { sql, type SQL } from "drizzle-orm";

// Our side of a provider's account (issue 23 item 4), read from the records the product already
// keeps, never a copy that could drift: each item booked at the provider is a `booking` entry of
// its price (we owe it, in the provider's currency), and each item the provider cancelled for us
// with a refund is a `cancellation` entry of minus what it returns (it owes us). Sign as in the
// statement format: positive = we owe the provider.
//
// The balance the payouts page shows is not summed from here but from a rollup whose triggers
// (migrations 0045_provider_ledger_rollup_triggers.sql and 0046) mirror these rules exactly:
// change both together (provider-ledger-rollup.int.test.ts proves they agree).
//
// Columns: provider_reference, type, amount_minor, currency, booking_item_id, booking_reference,
// occurred_on (UTC day).

/**
 * Every ledger entry of a provider, optionally in one currency; `bookingReference` false leaves
 * the column null and the bookings table out (a balance needs only the amounts).
 */
export function ledgerEntries(providerCode: string, currency?: string, bookingReference = true): SQL {
  const inCurrency = (col: SQL) => (currency ? sql`and ${col} = ${currency}` : sql``);
  const ref = bookingReference ? sql`b.booking_reference` : sql`null::text`;
  const joinBooking = (on: SQL) => (bookingReference ? sql`join bookings b on b.id = ${on}` : sql``);
  return sql`
    select i.provider_booking_id as provider_reference, 'booking'::text as type, i.price_minor as amount_minor,
           i.price_currency::text as currency, i.id as booking_item_id, ${ref} as booking_reference,
           (i.created_at at time zone 'UTC')::date as occurred_on
    from booking_items i ${joinBooking(sql`i.booking_id`)}
    where i.provider_code = ${providerCode} and i.provider_booking_id is not null ${inCurrency(sql`i.price_currency`)}
    union all
    select i.provider_booking_id, 'cancellation', -(pc->>'providerRefundMinor')::bigint,
           pc->>'providerCurrency', i.id, ${ref},
           (coalesce((pc->>'cancelledAt')::timestamptz, cr.completed_at, cr.created_at) at time zone 'UTC')::date
    from cancellation_requests cr
    cross join lateral jsonb_array_elements(cr.provider_cancellations) pc
    join booking_items i on i.id = (pc->>'itemId')::uuid
    ${joinBooking(sql`cr.booking_id`)}
    where pc->>'provider' = ${providerCode} and pc->>'status' = 'cancelled' and pc ? 'providerRefundMinor'
      and i.provider_booking_id is not null ${inCurrency(sql`pc->>'providerCurrency'`)}`;
}
