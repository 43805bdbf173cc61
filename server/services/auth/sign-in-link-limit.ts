import type { Db } from "@/db/client";
import { hitRateLimits } from "@/server/services/rate-limit/hit-rate-limits";

/** Sign-in link e-mails allowed per e-mail address and per client address, in a sliding window. */
export type SignInLinkLimits = { perEmail: number; perAddress: number; windowSeconds: number };

/**
 * Counts one sign-in link request, before any mail goes out: limited per e-mail address (nobody's
 * inbox is flooded) and per client address (one client cannot spray many inboxes). Counted the
 * same whether or not the address has an account, so a refusal reveals nothing about accounts.
 */
export function hitSignInLinkLimit(
  db: Db,
  input: { email: string; ip: string },
  limits: SignInLinkLimits,
  now = new Date(),
) {
  const { windowSeconds } = limits;
  return hitRateLimits(
    db,
    [
      { key: `sign-in-link:email:${input.email.trim().toLowerCase()}`, limit: limits.perEmail, windowSeconds },
      { key: `sign-in-link:ip:${input.ip}`, limit: limits.perAddress, windowSeconds },
    ],
    now,
  );
}
