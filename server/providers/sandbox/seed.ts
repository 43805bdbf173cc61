import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { itemToSandboxStatusSql } from "./statuses";

/**
 * Gives every booking item its twin at its provider, so sync and webhooks act on the demo data
 * from the first start (the demo seed calls this), and every provider its default behaviour.
 */
export async function seedSandboxFromItems(db: Db): Promise<void> {
  await db.execute(
    sql`insert into sandbox_provider_settings (provider_code) select code from providers where adapter = 'sandbox' on conflict do nothing`,
  );
  await db.execute(
    sql.raw(`
    insert into sandbox_bookings (provider_code, provider_booking_id, status, details, price_minor, currency, sequence, cancellation_reference, updated_at)
    select provider_code, provider_booking_id, ${itemToSandboxStatusSql}, item_details, price_minor, price_currency, 1,
           case when is_cancelled then 'CX-' || upper(substr(md5(id::text), 1, 10)) end, status_changed_at
    from booking_items where provider_booking_id is not null
    on conflict do nothing`),
  );
}
