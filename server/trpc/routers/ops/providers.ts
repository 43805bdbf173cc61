import { z } from "zod";
import { sandboxFaultsInput, setSandboxFaults } from "@/server/providers/sandbox/settings";
import { listProviders } from "@/server/services/providers/list-providers";
import { requestProviderSync } from "@/server/services/sync/request-provider-sync";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsProvidersRouter = createTRPCRouter({
  /** Every provider with its health and, for sandbox providers, the faults set on it. */
  list: opsProcedure.query(({ ctx }) => listProviders(ctx.db)),
  setSandboxFaults: opsProcedure
    .input(sandboxFaultsInput)
    .mutation(({ ctx, input }) => setSandboxFaults(ctx.db, input)),
  /** Sync every active item of one provider now; the run shows on /ops/jobs. */
  syncNow: opsProcedure
    .input(
      z.object({
        providerCode: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "a provider code: lower-case letters, digits, - and _"),
      }),
    )
    .mutation(({ ctx, input }) => requestProviderSync(ctx.db, input.providerCode, ctx.actor)),
});
