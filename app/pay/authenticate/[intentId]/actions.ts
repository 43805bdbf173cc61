"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { answerLocalPayment } from "@/server/http/local-payment";

const form = z.object({ intentId: z.string().regex(/^pi_[A-Za-z0-9_]+$/), outcome: z.enum(["succeed", "fail"]) });

/** The traveler's answer on the local card-authentication page; then back to where the payment started. */
export async function answerAuthentication(data: FormData) {
  const parsed = form.safeParse({ intentId: data.get("intentId"), outcome: data.get("outcome") });
  if (!parsed.success) redirect("/");
  const r = await answerLocalPayment(parsed.data.intentId, parsed.data.outcome);
  const back = r?.returnUrl ? new URL(r.returnUrl) : null;
  // Only our own pages: the return URL was set by our server, but never follow it off-site.
  redirect(back ? `${back.pathname}${back.search}` : `/pay/authenticate/${parsed.data.intentId}`);
}
