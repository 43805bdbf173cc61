import { z } from "zod";
import { listApiClients } from "@/server/services/api-clients/list-api-clients";
import {
  clearSigningSecret,
  createApiClient,
  revokeApiClient,
  rotateSigningSecret,
} from "@/server/services/api-clients/manage-clients";
import { issueApiKey, revokeApiKey } from "@/server/services/api-clients/manage-keys";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

const name = z.string().trim().min(1, "give it a name").max(100);
const clientId = z.object({ clientId: z.uuid() });

/** Intake API clients and their keys. A key or secret is in the answer of the call that makes it, and never again. */
export const opsApiClientsRouter = createTRPCRouter({
  list: opsProcedure.query(({ ctx }) => listApiClients(ctx.db)),
  create: opsProcedure
    .input(z.object({ name }))
    .mutation(({ ctx, input }) => createApiClient(ctx.db, { ...input, actor: ctx.actor })),
  revoke: opsProcedure
    .input(clientId)
    .mutation(({ ctx, input }) => revokeApiClient(ctx.db, { ...input, actor: ctx.actor })),
  issueKey: opsProcedure
    .input(z.object({ clientId: z.uuid(), name }))
    .mutation(({ ctx, input }) => issueApiKey(ctx.db, { ...input, actor: ctx.actor })),
  revokeKey: opsProcedure
    .input(z.object({ keyId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { ...input, actor: ctx.actor })),
  rotateSecret: opsProcedure
    .input(clientId)
    .mutation(({ ctx, input }) => rotateSigningSecret(ctx.db, { ...input, actor: ctx.actor })),
  clearSecret: opsProcedure
    .input(clientId)
    .mutation(({ ctx, input }) => clearSigningSecret(ctx.db, { ...input, actor: ctx.actor })),
});
