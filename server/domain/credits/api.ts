// The travel-credit API for checkouts (/api/v1/credits), declared as zod schemas: they validate the
// requests and generate the OpenAPI document (server/domain/intake/openapi.ts).
import { z } from "zod";
import { amountMinor, currencyCode, text } from "@/server/domain/intake/parts";

const account = z.uuid().meta({ description: "The traveler's account id in this product" });

export const balanceQuery = z.object({
  account,
  currency: currencyCode.optional().meta({ description: "Only this currency; all when left out" }),
});

export const holdRequest = z.object({
  account,
  amountMinor: amountMinor.refine((n) => n > 0, { error: "must be more than 0" }),
  currency: currencyCode,
  idempotencyKey: text(255).meta({ description: "The same key answers with the same hold (a retry is safe)" }),
});

export const holdAnswer = z.object({
  id: z.uuid().meta({ description: "Send it as a credit tender's `holdId` to POST /api/v1/bookings" }),
  account: z.uuid(),
  amountMinor: z.int(),
  currency: z.string(),
  status: z.enum(["held", "captured", "released", "expired"]),
  expiresAt: z.iso.datetime({ offset: true }).meta({ description: "Captured by then, or it expires" }),
});

export const balanceAnswer = z.object({
  account: z.uuid(),
  balances: z.array(
    z.object({
      currency: z.string(),
      availableMinor: z.int().meta({ description: "Unexpired credit not held: what a new hold may take" }),
      heldMinor: z.int(),
      grants: z
        .array(z.object({ remainingMinor: z.int(), expiresAt: z.iso.datetime({ offset: true }) }))
        .meta({ description: "Unexpired credit by expiry, soonest first (spent in this order)" }),
    }),
  ),
});

export type HoldRequest = z.infer<typeof holdRequest>;
export type BalanceAnswer = z.infer<typeof balanceAnswer>;
