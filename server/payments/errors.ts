// Typed gateway errors: what a caller must do next depends only on the kind.
//   declined      permanent: the card or bank said no (declineCode). Do not retry the same request.
//   ambiguous     the outcome is unknown (timeout, 5xx, connection cut after sending): retry WITH
//                 THE SAME idempotency key; the gateway returns the object if it was made.
//   unavailable   nothing happened (rate limited, gateway down, lock timeout): retry later.
//   invalid       our request is wrong for the gateway's state (over-refund, a 3-decimal amount not
//                 a multiple of 10, cancelling a succeeded intent): permanent, fix the request.
//   idempotency_conflict  the key was used with other parameters: a bug on our side, permanent.
//   not_found     no such object.

export type GatewayErrorKind =
  "declined" | "ambiguous" | "unavailable" | "invalid" | "idempotency_conflict" | "not_found";

export class GatewayError extends Error {
  constructor(
    public readonly kind: GatewayErrorKind,
    message: string,
    public readonly code?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "GatewayError";
  }
  /** Worth retrying (with the same idempotency key). */
  get retryable(): boolean {
    return this.kind === "ambiguous" || this.kind === "unavailable";
  }
}

export class PaymentDeclinedError extends GatewayError {
  constructor(
    public readonly declineCode: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super("declined", message, "card_declined", { declineCode, ...details });
    this.name = "PaymentDeclinedError";
  }
}

export class AmbiguousOutcomeError extends GatewayError {
  constructor(message: string, code = "timeout") {
    super("ambiguous", message, code);
    this.name = "AmbiguousOutcomeError";
  }
}

export class GatewayUnavailableError extends GatewayError {
  constructor(message: string, code = "unavailable") {
    super("unavailable", message, code);
    this.name = "GatewayUnavailableError";
  }
}

export type SignatureFailure = "missing" | "forged" | "stale";

/** A webhook whose signature is absent, wrong or outside the tolerance: answer 401. */
export class WebhookSignatureError extends Error {
  constructor(
    public readonly reason: SignatureFailure,
    message: string,
  ) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

/** A webhook whose signature checks out but whose body is not JSON: bad input (400), not forged. */
export class WebhookPayloadError extends Error {
  constructor(message = "Signed body is not JSON") {
    super(message);
    this.name = "WebhookPayloadError";
  }
}
