/**
 * How a channel failed, which decides what the comms service does next:
 * transient → retried with backoff; permanent → no retry, the contact is flagged;
 * gone → a push subscription the push service no longer knows: removed, another channel is used.
 */
export type NotifyFailure = "transient" | "permanent" | "gone";

export class NotifyError extends Error {
  constructor(
    readonly kind: NotifyFailure,
    message: string,
    readonly code?: string | number,
  ) {
    super(message);
    this.name = "NotifyError";
  }
}

/** HTTP status → failure kind, the same rule for every provider API. */
export function failureOfStatus(status: number | null | undefined): NotifyFailure {
  if (status === 404 || status === 410) return "gone";
  if (!status || status === 408 || status === 409 || status === 429 || status >= 500) return "transient";
  return "permanent";
}
