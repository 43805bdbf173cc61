import { date, jsonb, pgTable, uuid } from "drizzle-orm/pg-core";
import { createdAt, tz } from "./columns";

/** One row per week (Monday, UTC): the figures sent to the founder, kept so the console shows what was sent. */
export const weeklyReports = pgTable("weekly_reports", {
  id: uuid().primaryKey().defaultRandom(),
  weekStart: date({ mode: "string" }).notNull().unique(),
  figures: jsonb().notNull(),
  sentAt: tz(),
  createdAt: createdAt(),
});
