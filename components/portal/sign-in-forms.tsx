"use client";
import { useActionState } from "react";
import { lookUpAsGuest, requestSignInLink } from "@/app/(portal)/actions";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-slate-500 focus:outline-none";
const button =
  "mt-4 w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50";

export function EmailSignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState(requestSignInLink, undefined);
  return (
    <form
      action={action}
      aria-label="Sign in with e-mail"
      className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 className="font-semibold">Sign in with e-mail</h2>
      <p className="mt-1 text-sm text-slate-500">We send you a one-time link. No password needed.</p>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <label className="mt-4 block text-sm font-medium">
        E-mail
        <input name="email" type="email" required autoComplete="email" className={input} />
      </label>
      {state?.error && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <button className={button} disabled={pending}>
        {pending ? "Sending…" : "Send me a sign-in link"}
      </button>
    </form>
  );
}

export function GuestLookupForm() {
  const [state, action, pending] = useActionState(lookUpAsGuest, undefined);
  return (
    <form
      action={action}
      aria-label="Find a booking"
      className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 className="font-semibold">Find a booking</h2>
      <p className="mt-1 text-sm text-slate-500">
        With the reference from your confirmation and the lead traveler&apos;s last name.
      </p>
      <label className="mt-4 block text-sm font-medium">
        Booking reference
        <input name="reference" required placeholder="GD-XXXXXX" autoCapitalize="characters" className={input} />
      </label>
      <label className="mt-3 block text-sm font-medium">
        Last name
        <input name="lastName" required autoComplete="family-name" className={input} />
      </label>
      {state?.error && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <button className={button} disabled={pending}>
        {pending ? "Looking…" : "Find my booking"}
      </button>
    </form>
  );
}
