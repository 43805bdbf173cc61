// Fault injection for the local gateway, persisted so tests, the demo console and a restarted
// app all see the same knobs. Each fault applies to the next `times` calls of its operation.
//   decline                refund/charge: refused with `declineCode` (a charge leaves its intent
//                          in requires_payment_method; the answer is saved under the idempotency key)
//   timeout_after_success  refund/charge: done and committed, then the call throws
//                          AmbiguousOutcomeError; a retry with the same key returns the object
//   fail_later             refund only: answered `pending`; advanceLocalGateway then fails it
//                          (refund.failed, charge.refund.updated), the money returns to the charge
//   unavailable            refund/charge: nothing happens, GatewayUnavailableError
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { localGatewayFaults } from "@/db/schema";
import { GatewayError } from "./errors";

export type LocalFaultOperation = "refund" | "charge";
export type LocalFaultMode = "decline" | "timeout_after_success" | "fail_later" | "unavailable";

export async function injectLocalFault(
  db: Db,
  f: { operation: LocalFaultOperation; mode: LocalFaultMode; times?: number; declineCode?: string },
) {
  if (f.mode === "fail_later" && f.operation !== "refund")
    throw new GatewayError("invalid", "fail_later applies to refunds only", "fault_invalid", { field: "mode" });
  const times = f.times ?? 1;
  if (!Number.isInteger(times) || times < 1)
    throw new GatewayError("invalid", "times must be a positive integer", "fault_invalid", { field: "times" });
  const [row] = await db
    .insert(localGatewayFaults)
    .values({ operation: f.operation, mode: f.mode, remaining: times, declineCode: f.declineCode ?? null })
    .returning();
  return row;
}

export async function clearLocalFaults(db: Db, operation?: LocalFaultOperation) {
  await (operation
    ? db.delete(localGatewayFaults).where(eq(localGatewayFaults.operation, operation))
    : db.delete(localGatewayFaults));
}
