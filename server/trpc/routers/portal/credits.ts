import { creditBalance } from "@/server/services/credits/balance";
import { getCreditSettings } from "@/server/services/credits/settings";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";

export const portalCreditsRouter = createTRPCRouter({
  /** The signed-in traveler's travel credit per currency with each grant's expiry; a guest has no account, so none. */
  mine: travelerProcedure.query(async ({ ctx }) => {
    if (ctx.viewer.kind !== "traveler") return { balances: [], refundBonusBps: null };
    const [balance, settings] = await Promise.all([
      creditBalance(ctx.db, ctx.viewer.userId),
      getCreditSettings(ctx.db),
    ]);
    return { balances: balance.balances, refundBonusBps: settings.refundBonusBps };
  }),
});
