"use client";
import { useActionState } from "react";
import { lookUpAsGuest, requestSignInLink } from "@/app/(portal)/actions";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";

const card = "grid content-start gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm";

export function EmailSignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState(requestSignInLink, undefined);
  return (
    <form action={action} aria-label="Sign in with e-mail" className={card}>
      <div>
        <h2 className="font-semibold">Sign in with e-mail</h2>
        <p className="mt-1 text-sm text-slate-500">We send you a one-time link. No password needed.</p>
      </div>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <Field label="E-mail">
        <Input name="email" type="email" required autoComplete="email" />
      </Field>
      <ErrorText error={state?.error} />
      <SubmitButton className="w-full" pending={pending} pendingLabel="Sending…">
        Send me a sign-in link
      </SubmitButton>
    </form>
  );
}

export function GuestLookupForm() {
  const [state, action, pending] = useActionState(lookUpAsGuest, undefined);
  return (
    <form action={action} aria-label="Find a booking" className={card}>
      <div>
        <h2 className="font-semibold">Find a booking</h2>
        <p className="mt-1 text-sm text-slate-500">
          With the reference from your confirmation and the lead traveler&apos;s last name.
        </p>
      </div>
      <Field label="Booking reference">
        <Input name="reference" required placeholder="GD-XXXXXX" autoCapitalize="characters" autoComplete="off" />
      </Field>
      <Field label="Last name">
        <Input name="lastName" required autoComplete="family-name" />
      </Field>
      <ErrorText error={state?.error} />
      <SubmitButton className="w-full" pending={pending} pendingLabel="Looking…">
        Find my booking
      </SubmitButton>
    </form>
  );
}
