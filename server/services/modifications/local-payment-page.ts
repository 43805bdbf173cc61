// The local gateway's card-authentication page (docs/architecture.md, "Paying a change fee"): what Stripe's
// hosted page does when online. Completing it continues the change at once (the same code as the
// `payment_intent.succeeded` webhook, which then finds nothing left to do).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { localGatewayPaymentIntents } from "@/db/schema";
import { env } from "@/server/env";
import { completeLocalAction, localActionUrl } from "@/server/payments";
import { GatewayError } from "@/server/payments/errors";
import { onFeeIntentUpdate } from "./fee-payment";

/** The page is the local gateway's: with Stripe configured the traveler is on Stripe's own page. */
export const localPaymentPageEnabled = () => !env.STRIPE_SECRET_KEY;

export async function localPaymentView(db: Db, intentId: string) {
  if (!localPaymentPageEnabled()) return null;
  const [pi] = await db.select().from(localGatewayPaymentIntents).where(eq(localGatewayPaymentIntents.id, intentId));
  if (!pi) return null;
  return {
    id: pi.id,
    amountMinor: pi.amountMinor,
    currency: pi.currency,
    description: pi.description,
    status: pi.status,
    returnUrl: pi.returnUrl,
  };
}

/** The traveler's answer on the page; a second submit (double click, back button) changes nothing. */
export async function completeLocalPayment(
  db: Db,
  intentId: string,
  outcome: "succeed" | "fail",
): Promise<{ returnUrl: string | null; status: string } | null> {
  const view = await localPaymentView(db, intentId);
  if (!view) return null;
  try {
    const intent = await completeLocalAction(db, intentId, outcome, localActionUrl);
    await onFeeIntentUpdate(db, intent, { source: "page" });
    return { returnUrl: view.returnUrl, status: intent.status };
  } catch (e) {
    if (e instanceof GatewayError && e.kind === "invalid") return { returnUrl: view.returnUrl, status: view.status };
    throw e;
  }
}
