import { z } from "zod";
import { listAutomationRules, setAutomationRuleEnabled } from "@/server/services/automation/rules-console";
import { getCreditSettings, setRefundBonus } from "@/server/services/credits/settings";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsAutomationRouter = createTRPCRouter({
  rules: opsProcedure.query(({ ctx }) => listAutomationRules(ctx.db)),
  setEnabled: opsProcedure
    .input(z.object({ ruleId: z.string().trim().min(1).max(100), enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setAutomationRuleEnabled(ctx.db, { ...input, actor: ctx.actor })),
  /** The founder's travel-credit bonus on a card refund taken as credit (server/services/credits/settings.ts). */
  creditSettings: opsProcedure.query(({ ctx }) => getCreditSettings(ctx.db)),
  setCreditBonus: opsProcedure
    .input(z.object({ refundBonusBps: z.int().min(0).max(10_000) }))
    .mutation(({ ctx, input }) => setRefundBonus(ctx.db, { refundBonusBps: input.refundBonusBps, by: ctx.actor })),
});
