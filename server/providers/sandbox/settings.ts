import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { sandboxProviderSettings } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";

export const sandboxFaultsInput = z.object({
  providerCode: z.string().min(1).max(50),
  latencyMs: z.number().int().min(0).max(60_000),
  jitterMs: z.number().int().min(0).max(10_000),
  errorRateBps: z.number().int().min(0).max(10_000),
  outage: z.boolean(),
  rejectCancellations: z.boolean(),
  eventsPerHour: z.number().int().min(0).max(3_600),
});
export type SandboxFaults = z.infer<typeof sandboxFaultsInput>;

/** Sets a sandbox provider's behaviour; adapters pick it up within a second (their settings cache). */
export async function setSandboxFaults(db: Db, input: SandboxFaults) {
  const { providerCode, ...values } = input;
  const [row] = await db
    .update(sandboxProviderSettings)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(sandboxProviderSettings.providerCode, providerCode))
    .returning();
  if (!row) throw new DomainError("not_found", `No sandbox provider ${providerCode}`);
  return row;
}
