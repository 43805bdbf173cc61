import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentSession } from "@/server/auth";
import { caller, orNotFound } from "@/server/trpc/server";

/**
 * The booking this request's viewer may see: signed out → sign-in, someone else's → 404. Cached
 * per request, so the layout's check and the page's data are one query.
 */
export const viewableBooking = cache(async (reference: string) => {
  const session = await currentSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(`/bookings/${reference}`)}`);
  const api = await caller();
  return orNotFound(api.portal.bookings.byReference({ reference }));
});
