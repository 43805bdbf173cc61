import { eq } from "drizzle-orm";
import { z } from "zod";
import { providers } from "@/db/schema";
import { actorLabel } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { pageInput } from "@/server/domain/page-cursor";
import { payoutDisputeStatuses, providerCodePattern } from "@/server/domain/statements/types";
import {
  listPayoutDisputes,
  listStatements,
  listUnmatchedLines,
  providerBalances,
} from "@/server/services/payouts/read-payouts";
import { resolvePayoutDispute } from "@/server/services/payouts/resolve-dispute";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

const providerCode = z.string().regex(providerCodePattern, { error: "Not a provider code" });

/** Provider payouts (issue 23 item 4): balance, statements, unmatched lines, payout disputes. */
export const opsPayoutsRouter = createTRPCRouter({
  overview: opsProcedure.input(z.object({ providerCode })).query(async ({ ctx, input }) => {
    const [provider] = await ctx.db
      .select({ code: providers.code, name: providers.name, adapter: providers.adapter })
      .from(providers)
      .where(eq(providers.code, input.providerCode));
    if (!provider) throw new DomainError("not_found", `There is no provider ${input.providerCode}`);
    const [balances, statements] = await Promise.all([
      providerBalances(ctx.db, provider.code),
      listStatements(ctx.db, provider.code),
    ]);
    return { provider, balances, statements };
  }),
  unmatchedLines: opsProcedure
    .input(z.object({ providerCode, ...pageInput }))
    .query(({ ctx, input }) => listUnmatchedLines(ctx.db, input.providerCode, input)),
  disputes: opsProcedure
    .input(z.object({ providerCode, status: z.enum(payoutDisputeStatuses).optional(), ...pageInput }))
    .query(({ ctx, input }) => listPayoutDisputes(ctx.db, input.providerCode, input, input)),
  resolveDispute: opsProcedure
    .input(z.object({ disputeId: z.uuid(), note: z.string().trim().min(1).max(1000) }))
    .mutation(({ ctx, input }) => resolvePayoutDispute(ctx.db, { ...input, by: actorLabel(ctx.actor) })),
});
