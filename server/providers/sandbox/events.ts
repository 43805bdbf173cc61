import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers, sandboxBookings } from "@/db/schema";
import { SIGNATURE_HEADER, signWebhook } from "@/server/services/webhooks/signature";

/** What a sandbox provider can do to a booking on its side, and the webhook it then sends. */
export const sandboxEventKinds = {
  schedule_change: { type: "booking.schedule_changed", status: "SCHEDULE_CHANGED", categories: ["flight"] },
  cancellation: {
    type: "booking.cancelled",
    status: "CANCELLED_BY_SUPPLIER",
    categories: ["flight", "hotel", "car", "experience"],
  },
  hotel_relocation: { type: "booking.relocated", status: "MODIFIED", categories: ["hotel"] },
  room_downgrade: { type: "booking.downgraded", status: "MODIFIED", categories: ["hotel"] },
  car_unavailable: { type: "booking.unavailable", status: "CANCELLED_BY_SUPPLIER", categories: ["car"] },
  experience_cancelled: { type: "booking.cancelled", status: "CANCELLED_BY_SUPPLIER", categories: ["experience"] },
} as const;
export type SandboxEventKind = keyof typeof sandboxEventKinds;

export type SandboxEvent = { provider: string; body: string; envelope: Record<string, unknown> };

/**
 * Makes the change at the provider (one statement: status, details, sequence) and builds the
 * webhook announcing it, with the provider's event id and sequence. Delivery is separate, so a
 * failed delivery can be retried with the same event, as a real provider retries.
 */
export async function makeSandboxEvent(
  db: Db,
  input: { provider: string; providerBookingId: string; kind: SandboxEventKind; deltaMinutes?: number },
): Promise<SandboxEvent> {
  const spec = sandboxEventKinds[input.kind];
  const [b] = await db
    .select()
    .from(sandboxBookings)
    .where(
      and(
        eq(sandboxBookings.providerCode, input.provider),
        eq(sandboxBookings.providerBookingId, input.providerBookingId),
      ),
    );
  if (!b) throw new Error(`No sandbox booking ${input.provider}/${input.providerBookingId}`);
  const { details, summary } = changedDetails(input.kind, b.details, input.deltaMinutes ?? 190);
  const [after] = await db
    .update(sandboxBookings)
    .set({ status: spec.status, details, sequence: sql`${sandboxBookings.sequence} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(sandboxBookings.providerCode, input.provider),
        eq(sandboxBookings.providerBookingId, input.providerBookingId),
      ),
    )
    .returning();
  const envelope = {
    id: `evt_${input.provider}_${input.providerBookingId}_${after.sequence}`,
    type: spec.type,
    occurred_at: after.updatedAt.toISOString(),
    sequence: after.sequence,
    provider_booking_id: input.providerBookingId,
    data: {
      summary,
      reason: input.kind,
      details: spec.type === "booking.schedule_changed" || spec.status === "MODIFIED" ? details : undefined,
    },
  };
  return { provider: input.provider, body: JSON.stringify(envelope), envelope };
}

/** Sends the event to the app the way the provider would: signed, over HTTP. */
export async function deliverSandboxEvent(
  db: Db,
  appUrl: string,
  event: SandboxEvent,
): Promise<{ status: number; body: unknown }> {
  const [p] = await db
    .select({ secret: providers.webhookSecret })
    .from(providers)
    .where(eq(providers.code, event.provider));
  const res = await fetch(new URL(`/api/webhooks/providers/${encodeURIComponent(event.provider)}`, appUrl), {
    method: "POST",
    body: event.body,
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signWebhook(p.secret, event.body) },
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

function changedDetails(kind: SandboxEventKind, before: Record<string, unknown>, deltaMinutes: number) {
  switch (kind) {
    case "schedule_change": {
      const segments = ((before.segments ?? []) as Record<string, string>[]).map((s, i): Record<string, string> =>
        i > 0
          ? s
          : {
              ...s,
              departureLocal: shift(s.departureLocal, deltaMinutes),
              arrivalLocal: shift(s.arrivalLocal, deltaMinutes),
            },
      );
      const first = segments[0];
      const summary = `${first?.flightNumber ?? "The flight"} now departs ${Math.abs(deltaMinutes)} minutes ${deltaMinutes > 0 ? "later" : "earlier"}`;
      return { details: { ...before, segments }, summary };
    }
    case "hotel_relocation":
      return {
        details: { ...before, name: "Partner Hotel Central", relocated: true },
        summary: `Overbooked: guests moved from ${String(before.name ?? "the hotel")} to Partner Hotel Central`,
      };
    case "room_downgrade":
      return {
        details: { ...before, roomType: "Standard Double", downgraded: true },
        summary: `Room downgraded from ${String(before.roomType ?? "the booked room")} to Standard Double`,
      };
    case "car_unavailable":
      return { details: before, summary: "No vehicle of the booked class is available" };
    default:
      return { details: before, summary: "Cancelled by the provider" };
  }
}

/** Moves a local wall-clock time ("YYYY-MM-DDTHH:mm") by whole minutes; its zone stays the same. */
const shift = (local: string | undefined, minutes: number) =>
  local ? new Date(Date.parse(`${local}:00Z`) + minutes * 60_000).toISOString().slice(0, 16) : "";
