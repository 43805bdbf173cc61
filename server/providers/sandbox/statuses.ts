import type { ItemStatus } from "@/server/domain/statuses";

/** The sandbox providers' own words, as a supplier API would send them, and what they mean to us. */
export const sandboxToItemStatus: Record<string, ItemStatus> = {
  PENDING: "pending",
  CONFIRMED: "confirmed",
  TICKETED: "ticketed",
  MODIFIED: "modified",
  SCHEDULE_CHANGED: "schedule_changed",
  CANCELLED: "cancelled",
  CANCELLED_BY_SUPPLIER: "provider_cancelled",
  USED: "completed",
  NO_SHOW: "no_show",
};

/** SQL for the provider's word for one of our item statuses (used to seed the sandbox from our items). */
export const itemToSandboxStatusSql = `case status::text
  when 'pending' then 'PENDING' when 'confirmed' then 'CONFIRMED' when 'ticketed' then 'TICKETED'
  when 'modified' then 'MODIFIED' when 'schedule_changed' then 'SCHEDULE_CHANGED' when 'cancelled' then 'CANCELLED'
  when 'provider_cancelled' then 'CANCELLED_BY_SUPPLIER' when 'completed' then 'USED' else 'NO_SHOW' end`;
