// What a person reads when a call fails. A tRPC error carries our errorFormatter's shape
// (server/trpc/init.ts): a message, an HTTP status and, for bad input, zod's flattened field errors.

type ErrorShape = {
  message?: unknown;
  data?: {
    httpStatus?: number;
    zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
  };
};

const byStatus: Record<number, string> = {
  401: "Your session has ended. Sign in again to continue.",
  403: "You do not have access to this.",
  429: "Too many attempts. Wait a moment and try again.",
};

/** A readable sentence for any thrown value: field errors by name, never a stack or raw JSON. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  const e = (error ?? {}) as ErrorShape;
  const zod = e.data?.zodError;
  if (zod) {
    const fields = Object.entries(zod.fieldErrors ?? {}).flatMap(([f, ms]) => (ms?.[0] ? [`${f}: ${ms[0]}`] : []));
    const all = [...(zod.formErrors ?? []), ...fields];
    if (all.length) return all.join("; ");
  }
  const status = e.data?.httpStatus;
  const message = typeof e.message === "string" ? e.message.trim() : "";
  // tRPC answers a bare role check with its code as the message ("UNAUTHORIZED"): say what it means.
  if (status && byStatus[status] && (message === "" || /^[A-Z_]+$/.test(message))) return byStatus[status];
  if (/^(failed to fetch|fetch failed|networkerror|load failed)/i.test(message))
    return "Could not reach the server. Check your connection and try again.";
  if (message.startsWith("[") || message.startsWith("{")) return issuesMessage(message) ?? "That request was refused.";
  return message || "Something went wrong. Try again.";
}

/** The first message zod gave for `field`, for the Field beside that control. */
export function fieldErrorOf(error: unknown, field: string): string | undefined {
  return (error as ErrorShape | null)?.data?.zodError?.fieldErrors?.[field]?.[0];
}

// A zod issue list serialised into the message (a parse outside our formatter): keep path and text.
function issuesMessage(json: string): string | null {
  try {
    const issues = JSON.parse(json) as { path?: (string | number)[]; message?: string }[];
    if (!Array.isArray(issues)) return null;
    const lines = issues
      .filter((i) => i.message)
      .map((i) => (i.path?.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    return lines.length ? lines.join("; ") : null;
  } catch {
    return null;
  }
}
