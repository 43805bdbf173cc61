import { EmailSignInForm, GuestLookupForm } from "@/components/portal/sign-in-forms";
import { tooManyRequests } from "@/server/domain/rate-limit";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; minutes?: string }>;
}) {
  const { callbackUrl, error, minutes } = await searchParams;
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Manage your booking</h1>
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-rose-50 p-3 text-sm text-rose-800">
          {error === "Verification"
            ? "That sign-in link has expired or was already used. Ask for a new one."
            : error === "TooManyRequests" // the sign-in link's rate limit (server/auth.ts)
              ? tooManyRequests(Math.max(1, Math.min(Number.parseInt(minutes ?? "", 10) || 15, 24 * 60)))
              : "Sign-in failed. Please try again."}
        </p>
      )}
      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <EmailSignInForm callbackUrl={callbackUrl} />
        <GuestLookupForm />
      </div>
    </div>
  );
}
