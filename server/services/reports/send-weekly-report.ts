import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { weeklyReports } from "@/db/schema";
import { renderEmail } from "@/emails";
import { env } from "@/server/env";
import { emailChannel } from "@/server/notify";
import type { WeeklyFigures } from "./weekly-report";

/**
 * Mails a compiled week to the founder(s), once: the e-mail's idempotency key is the week, so a
 * retry after a crash between sending and marking does not mail twice (Resend keeps keys 24 h).
 */
export async function sendWeeklyReport(db: Db, weekStart: string): Promise<{ sent: boolean }> {
  const [row] = await db.select().from(weeklyReports).where(eq(weeklyReports.weekStart, weekStart));
  if (!row || row.sentAt) return { sent: false };
  const mail = await renderEmail({
    id: "weekly_report",
    props: { figures: row.figures as WeeklyFigures, url: `${env.APP_URL}/ops/reports`, appUrl: env.APP_URL },
  });
  for (const to of env.ADMIN_EMAILS) {
    await emailChannel(db).send({
      to,
      tag: "weekly_report",
      idempotencyKey: `weekly_report:${weekStart}:${to}`,
      ...mail,
    });
  }
  await db.update(weeklyReports).set({ sentAt: new Date() }).where(eq(weeklyReports.id, row.id));
  return { sent: true };
}
