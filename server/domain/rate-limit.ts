/** Whole minutes until `retryAt`, rounded up, at least one: what "try again in N minutes" says. */
export function minutesUntil(retryAt: Date, now = new Date()) {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
}

/** The one wording of a rate-limit refusal, on the sign-in page and the guest form. */
export function tooManyRequests(minutes: number) {
  return `Too many requests. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
