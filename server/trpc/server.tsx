import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { notFound, redirect } from "next/navigation";
import { cache, type ReactNode } from "react";
import { createTRPCContext } from "./init";
import { makeQueryClient } from "@/lib/trpc/query-client";
import { appRouter, createCaller } from "./root";

// Server components: call procedures directly (no HTTP), or prefetch into the request's query
// client and hydrate client components with the result.
export const getQueryClient = cache(makeQueryClient);
export const trpc = createTRPCOptionsProxy({ ctx: createTRPCContext, router: appRouter, queryClient: getQueryClient });
export const caller = cache(async () => createCaller(await createTRPCContext()));

/**
 * For ops pages. The layout guards the section, but Next renders a page alongside its layout, so
 * a page's own calls would throw FORBIDDEN first: each page gets the same answer as the layout.
 */
export const opsCaller = cache(async () => {
  const ctx = await createTRPCContext();
  if (!ctx.session) redirect("/signin?callbackUrl=/ops");
  if (ctx.session.user.role !== "ops") notFound();
  return createCaller(ctx);
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** A page's record: one that does not exist, or an id that cannot name one (bad input), is the page's 404. */
export function orNotFound<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  });
}
