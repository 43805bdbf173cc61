import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { signWebhook } from "./signature";

/** Two providers with known secrets (tests and the bench insert them; the demo seed has its own). */
export const testProviders = { "skyway-air": "whsec_test_skyway", tourly: "whsec_test_tourly" } as const;

export async function insertTestProviders(db: Db) {
  for (const [code, secret] of Object.entries(testProviders)) {
    await db.$sql`insert into providers (code, name, category, adapter, rate_limit_per_second, webhook_secret)
      values (${code}, ${code}, ${code === "tourly" ? "experience" : "flight"}, 'sandbox', 20, ${secret})
      on conflict (code) do update set webhook_secret = excluded.webhook_secret`;
  }
}

/** A webhook body of about 1 KB, like a provider's schedule change. */
export function webhookBody(id: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    type: "booking.schedule_changed",
    occurred_at: new Date().toISOString(),
    provider_booking_id: "SW-48213",
    data: {
      flight: "SW 1432",
      reason: "operational",
      departure: { airport: "JFK", old: "2026-03-14T09:40:00-04:00", new: "2026-03-14T12:15:00-04:00" },
      arrival: { airport: "LHR", old: "2026-03-14T21:55:00+00:00", new: "2026-03-15T00:30:00+00:00" },
      segments: Array.from({ length: 3 }, (_, i) => ({
        n: i + 1,
        aircraft: "A321neo",
        seat_map_changed: i === 1,
        note: "x".repeat(120),
      })),
      note: "Passengers may accept the new time, choose another flight, or cancel for a full refund.",
    },
    ...overrides,
  });
}

export const signedHeaders = (provider: keyof typeof testProviders, body: string, t?: number) => ({
  "content-type": "application/json",
  "x-webhook-signature": signWebhook(testProviders[provider], body, t),
});

export const uniquePrefix = (label: string) => `${label}_${randomBytes(4).toString("hex")}_`;
