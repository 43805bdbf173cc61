import { eventType } from "inngest";
import type { z } from "zod";

/**
 * One catalogue entry: the event's name, its payload (zod) and the Inngest event type that functions
 * trigger on. An event that no function or rule acts on says so (`historyOnly`, with the reason).
 */
export function declare<const N extends string, S extends z.ZodObject>(
  name: N,
  schema: S,
  opts: { historyOnly?: string } = {},
) {
  // The SDK validates a trigger's events with this schema before a run starts.
  return Object.assign(eventType<N, S>(name, { schema: schema as never }), { historyOnly: opts.historyOnly ?? null });
}
