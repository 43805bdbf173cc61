import { sandboxFaultsInput, setSandboxFaults } from "@/server/providers/sandbox/settings";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsProvidersRouter = createTRPCRouter({
  setSandboxFaults: opsProcedure.input(sandboxFaultsInput).mutation(({ ctx, input }) => setSandboxFaults(ctx.db, input)),
});
