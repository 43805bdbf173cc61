import { opsActor } from "@/server/domain/actor";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { cache } from "react";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { getDb } from "@/db/client";
import { currentSession } from "@/server/auth";
import { DomainError, type DomainErrorCode } from "@/server/domain/errors";
import { describeIssues } from "@/server/domain/input";
import { unstorableTextPath } from "@/server/domain/jsonb";
import type { Viewer } from "@/server/domain/viewer";

export const createTRPCContext = cache(async () => ({ db: getDb(), session: await currentSession() }));
export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Bad input names the field; nothing internal (stack, SQL) ever reaches the client.
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return {
      ...shape,
      message: readableMessage(error),
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, zodError: zod },
    };
  },
});

const codeOf = {
  not_found: "NOT_FOUND",
  invalid: "BAD_REQUEST",
  invalid_transition: "CONFLICT",
  conflict: "CONFLICT",
  quote_expired: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  forbidden: "FORBIDDEN",
  unauthorized: "UNAUTHORIZED",
  provider_unavailable: "SERVICE_UNAVAILABLE",
} satisfies Record<DomainErrorCode, TRPC_ERROR_CODE_KEY>;

// v11: next() never throws; a failure comes back as { ok: false } with our error as its cause.
const domainErrors = t.middleware(async ({ next }) => {
  const r = await next();
  const e = r.ok ? null : r.error.cause;
  if (e instanceof DomainError) throw new TRPCError({ code: codeOf[e.code], message: e.message, cause: e });
  // Callers (server components, tests) see the same sentence as HTTP clients, not zod's JSON.
  if (e instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: describeIssues(e), cause: e });
  if (!r.ok && r.error.code === "INTERNAL_SERVER_ERROR") console.error("[trpc]", r.error.cause ?? r.error);
  return r;
});

/**
 * What a client reads: a sentence with the field path for bad input; for a body tRPC could not
 * parse, a fixed sentence rather than the JavaScript error's text; nothing internal for a 500.
 */
function readableMessage(error: TRPCError): string {
  if (error.code === "INTERNAL_SERVER_ERROR") return "Something went wrong on our side.";
  if (error.cause instanceof ZodError) return describeIssues(error.cause);
  if (error.code === "PARSE_ERROR") return "The request body is not valid JSON.";
  if (error.code === "BAD_REQUEST" && !(error.cause instanceof DomainError) && error.cause instanceof Error)
    return "The request could not be read (check its JSON and superjson meta).";
  return error.message;
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// Text PostgreSQL cannot store (a NUL character, an unpaired surrogate) is bad input wherever it
// appears: refused here, naming the field, rather than failing an insert deep in a service (a 500).
// Applied after each role check, so a caller without the role still hears only "unauthorized".
const storableText = t.middleware(async ({ getRawInput, next }) => {
  const at = unstorableTextPath(await getRawInput());
  if (at)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${at}: contains a character that cannot be stored (NUL or an unpaired surrogate)`,
    });
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors);

/** A signed-in traveler (own bookings) or a guest (the one booking it looked up). */
export const travelerProcedure = publicProcedure
  .use(({ ctx, next }) => {
    const u = ctx.session?.user;
    if (!u || (u.role !== "traveler" && u.role !== "guest" && u.role !== "ops"))
      throw new TRPCError({ code: "UNAUTHORIZED" });
    return next({ ctx: { viewer: viewerOf(u) } });
  })
  .use(storableText);

export const opsProcedure = publicProcedure
  .use(({ ctx, next }) => {
    const u = ctx.session?.user;
    if (!u) throw new TRPCError({ code: "UNAUTHORIZED" });
    if (u.role !== "ops") throw new TRPCError({ code: "FORBIDDEN" });
    // Every ops mutation acts as this one actor shape (docs/architecture.md, "Actors").
    return next({ ctx: { actor: opsActor(u.email || u.id) } });
  })
  .use(storableText);

function viewerOf(u: NonNullable<Context["session"]>["user"]): Viewer {
  if (u.role === "guest") return { kind: "guest", bookingId: u.bookingId ?? "" };
  return { kind: "traveler", userId: u.id, email: (u.email ?? "").toLowerCase() };
}
