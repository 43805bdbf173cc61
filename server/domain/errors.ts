/** Stable error codes of the domain; routers and route handlers map codes, never messages. */
export type DomainErrorCode =
  | "not_found"
  | "invalid"
  | "invalid_transition"
  | "conflict"
  | "quote_expired"
  | "rate_limited"
  | "forbidden"
  | "unauthorized"
  | "provider_unavailable";

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
