"use server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { GuestLookupLimited, signIn, signOut } from "@/server/auth";
import { minutesUntil, tooManyRequests } from "@/server/domain/rate-limit";

export type FormState = { error?: string } | undefined;

const emailForm = z.object({
  email: z.email("Enter a valid e-mail address").max(254),
  callbackUrl: z.string().optional(),
});
const guestForm = z.object({
  reference: z.string().trim().min(4, "Enter your booking reference").max(20),
  lastName: z.string().trim().min(1, "Enter the last name on the booking").max(100),
});

/** Only same-site paths may be redirected to after sign-in. */
const safePath = (p?: string) => (p && p.startsWith("/") && !p.startsWith("//") ? p : "/");

export async function requestSignInLink(_: FormState, form: FormData): Promise<FormState> {
  const parsed = emailForm.safeParse({ email: form.get("email"), callbackUrl: form.get("callbackUrl") ?? undefined });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  try {
    await signIn("email", { email: parsed.data.email, redirectTo: safePath(parsed.data.callbackUrl) });
  } catch (e) {
    if (e instanceof AuthError) return { error: "We could not send the link. Please try again." };
    throw e; // the redirect to "check your e-mail"
  }
}

export async function lookUpAsGuest(_: FormState, form: FormData): Promise<FormState> {
  const parsed = guestForm.safeParse({ reference: form.get("reference"), lastName: form.get("lastName") });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const reference = parsed.data.reference.toUpperCase();
  try {
    await signIn("guest", { ...parsed.data, reference, redirectTo: `/bookings/${encodeURIComponent(reference)}` });
  } catch (e) {
    if (e instanceof GuestLookupLimited) return { error: tooManyRequests(minutesUntil(e.retryAt)) };
    // One message whichever part was wrong: the form must not reveal which references exist.
    if (e instanceof AuthError) return { error: "We could not find a booking with that reference and last name." };
    throw e;
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}
