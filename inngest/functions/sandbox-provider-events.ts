import { cron } from "inngest";
import { getDb } from "@/db/client";
import {
  deliverSandboxEvent,
  makeSandboxEvent,
  sandboxEventKinds,
  type SandboxEventKind,
} from "@/server/providers/sandbox/events";
import { inngest } from "../client";

/**
 * The sandbox providers' own life: every five minutes, every sandbox provider whose `events per hour` is
 * set (on /ops/providers) does to a few upcoming bookings what real providers do (moves a flight,
 * cancels, relocates a guest…) and sends the signed webhook. Nothing happens with the default of 0.
 */
export const sandboxProviderEvents = inngest.createFunction(
  {
    id: "sandbox-provider-events",
    name: "Sandbox providers: random events",
    triggers: [cron("*/5 * * * *")],
    concurrency: { limit: 1 },
  },
  async ({ step }) => {
    const planned = await step.run("pick", async () => {
      const db = getDb();
      const rows = await db.$sql<{ provider: string; ref: string; category: string }[]>`
        with due as (
          select s.provider_code, s.events_per_hour / 12.0 as per_window from sandbox_provider_settings s where s.events_per_hour > 0
        )
        select d.provider_code as provider, pick.ref, pick.category from due d
        cross join lateral (
          select i.provider_booking_id as ref, i.category::text as category from booking_items i join bookings b on b.id = i.booking_id
          where i.provider_code = d.provider_code and i.status in ('confirmed', 'ticketed') and b.travel_start_at > now()
          order by random() limit (floor(d.per_window + random()))::int
        ) pick`;
      return rows.map((r) => {
        const kinds = (Object.keys(sandboxEventKinds) as SandboxEventKind[]).filter((k) =>
          (sandboxEventKinds[k].categories as readonly string[]).includes(r.category),
        );
        return { ...r, kind: kinds[Math.floor(Math.random() * kinds.length)] };
      });
    });
    let delivered = 0;
    for (const [n, p] of planned.entries()) {
      const status = await step.run(`event ${n}`, async () => {
        const db = getDb();
        const event = await makeSandboxEvent(db, {
          provider: p.provider,
          providerBookingId: p.ref,
          kind: p.kind,
          deltaMinutes: [-90, 45, 130, 190, 245][n % 5],
        });
        return (await deliverSandboxEvent(db, process.env.APP_URL ?? "http://127.0.0.1:3000", event)).status;
      });
      if (status < 300) delivered++;
    }
    return { planned: planned.length, delivered };
  },
);
