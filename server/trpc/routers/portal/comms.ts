import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { notifySecrets } from "@/server/notify/secrets";
import {
  getPreferredChannel,
  removePushSubscription,
  savePushSubscription,
  setPreferredChannel,
} from "@/server/services/comms/preferences";
import { resendDocuments } from "@/server/services/comms/resend-documents";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";
import { bookingReference } from "./bookings";

// Preferences and push subscriptions belong to an account: a guest (reference + last name) has none.
const accountProcedure = travelerProcedure.use(({ ctx, next }) => {
  if (ctx.viewer.kind !== "traveler")
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in with your e-mail to change notifications" });
  return next({ ctx: { userId: ctx.viewer.userId } });
});
const subscription = z.object({
  endpoint: z.url().max(2000),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
  expirationTime: z.number().min(0).max(8.64e15, "Not a time").nullable().optional(), // ms since 1970, within what a Date holds
});

export const portalCommsRouter = createTRPCRouter({
  resendDocuments: travelerProcedure
    .input(z.object({ reference: bookingReference, documentIds: z.array(z.uuid()).max(50).optional() }))
    .mutation(({ ctx, input }) => resendDocuments(ctx.db, ctx.viewer, input)),
  preference: accountProcedure.query(async ({ ctx }) => ({
    channel: await getPreferredChannel(ctx.db, ctx.userId),
    vapidPublicKey: notifySecrets().vapidPublicKey,
  })),
  setPreference: accountProcedure
    .input(z.object({ channel: z.enum(["email", "sms", "push"]) }))
    .mutation(({ ctx, input }) => setPreferredChannel(ctx.db, ctx.userId, input.channel)),
  subscribePush: accountProcedure
    .input(subscription)
    .mutation(({ ctx, input }) => savePushSubscription(ctx.db, ctx.userId, input)),
  unsubscribePush: accountProcedure
    .input(z.object({ endpoint: z.url() }))
    .mutation(({ ctx, input }) => removePushSubscription(ctx.db, ctx.userId, input.endpoint)),
});
