import { z } from "zod";
import { listAutomationRules, setAutomationRuleEnabled } from "@/server/services/automation/rules-console";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsAutomationRouter = createTRPCRouter({
  rules: opsProcedure.query(({ ctx }) => listAutomationRules(ctx.db)),
  setEnabled: opsProcedure
    .input(z.object({ ruleId: z.string().trim().min(1).max(100), enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setAutomationRuleEnabled(ctx.db, { ...input, actor: ctx.actor })),
});
