import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { appRouter } from "@/server/trpc/root";
import type { JsonSchema } from "./fuzz";

type AnyProcedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: z.ZodType[] } };

/** Every procedure of the app router by dotted path, with its input's JSON Schema (null: no input). */
export function allProcedures() {
  // Typed as the nested router record, but flat at runtime: "ops.alerts.list" → procedure.
  return Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(([path, p]) => ({
    path,
    type: p._def.type,
    schema: p._def.inputs.length
      ? (z.toJSONSchema(p._def.inputs[0], { io: "input", unrepresentable: "any" }) as JsonSchema)
      : null,
  }));
}

/** Calls `path` on a caller (`ops.alerts.list` → caller.ops.alerts.list(input)). */
export function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  return fn(input);
}

export type Outcome =
  { ok: true; value: unknown } | { ok: false; code: string; status: number; message: string; cause?: string };

/** A call's outcome as a client would see it: the value, or the tRPC code and its HTTP status. */
export async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    if (e instanceof TRPCError) {
      const cause = e.cause && "cause" in e.cause && e.cause.cause instanceof Error ? e.cause.cause.message : undefined; // drizzle wraps the driver's error
      return { ok: false, code: e.code, status: getHTTPStatusCodeFromError(e), message: e.message, cause };
    }
    return { ok: false, code: "THREW", status: 500, message: e instanceof Error ? e.message : String(e) };
  }
}
