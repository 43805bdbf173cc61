import "server-only";
import { getDb } from "@/db/client";
import { completeLocalPayment, localPaymentView } from "@/server/services/modifications/local-payment-page";

// The local card-authentication page's server side, on the app's database (app/ never imports db/).
export const loadLocalPayment = (intentId: string) => localPaymentView(getDb(), intentId);
export const answerLocalPayment = (intentId: string, outcome: "succeed" | "fail") =>
  completeLocalPayment(getDb(), intentId, outcome);
