import { bigint, char, timestamp } from "drizzle-orm/pg-core";

/** Instants are timestamptz, read as Date. */
export const tz = () => timestamp({ withTimezone: true, mode: "date" });
export const createdAt = () => tz().notNull().defaultNow();
/** Money is integer minor units (docs/architecture.md, "Money"); bigint in SQL, number in TS (safe up to 2^53). */
export const minor = () => bigint({ mode: "number" });
export const currency = () => char({ length: 3 });
