// A booking PostgreSQL refused inside the intake's transaction, as the field the caller must fix.
import { pgRefusalOf } from "@/db/pg-errors";
import type { BookingIntakeV1 } from "@/server/domain/intake/booking-v1";
import { CreditRefused } from "@/server/services/credits/credit-refused";

export type IntakeConflict = { status: 409 | 422; error: string; field: string; message: string };

/** The field behind a unique or foreign-key refusal, or null for anything else (rethrown). */
export function conflictOf(e: unknown, body: BookingIntakeV1): IntakeConflict | null {
  // A credit tender whose hold could not be captured (server/services/credits/capture-tenders.ts).
  if (e instanceof CreditRefused)
    return { status: e.status === 409 ? 409 : 422, error: "invalid_request", field: e.field, message: e.message };
  const pg = pgRefusalOf(e);
  if (!pg) return null;
  const taken = (field: string, what: string): IntakeConflict => ({
    status: 409,
    error: "conflict",
    field,
    message: `${what} already belongs to another booking`,
  });
  const item = (match: (i: BookingIntakeV1["items"][number]) => boolean) => Math.max(0, body.items.findIndex(match));
  const inDetail = (text: string) => pg.detail?.includes(text) ?? false;
  if (pg.code === "23505") {
    switch (pg.constraint) {
      case "bookings_reference_unique":
        return taken("reference", `Reference ${body.reference ?? ""}`.trim());
      case "idx_booking_items_provider": {
        const i = item((x) => inDetail(`${x.provider}, ${x.providerReference}`));
        return taken(
          `items.${i}.providerReference`,
          `${body.items[i].provider} booking ${body.items[i].providerReference}`,
        );
      }
      case "payments_stripe_payment_intent": {
        const k = body.tenders.findIndex((t) => t.type === "card" && inDetail(t.paymentIntentId));
        return taken(`tenders.${Math.max(0, k)}.paymentIntentId`, "This PaymentIntent");
      }
      case "payments_stripe_charge": {
        const k = body.tenders.findIndex((t) => t.type === "card" && !!t.chargeId && inDetail(t.chargeId));
        return taken(`tenders.${Math.max(0, k)}.chargeId`, "This charge");
      }
    }
  }
  if (pg.code === "23503" && pg.constraint === "booking_items_provider_code_providers_code_fk") {
    const i = item((x) => inDetail(`(${x.provider})`));
    return {
      status: 422,
      error: "invalid_request",
      field: `items.${i}.provider`,
      message: `${body.items[i].provider} is not a provider of this product (see the Providers page)`,
    };
  }
  return null;
}
