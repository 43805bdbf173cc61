// What the intake API answers (declared as schemas so the OpenAPI document shows them too).
import { z } from "zod";

export const intakeAnswer = z.object({
  bookingId: z.uuid(),
  reference: z.string(),
  status: z.literal("pending").meta({ description: "Each item is confirmed with its provider next" }),
  items: z.array(
    z.object({ id: z.uuid(), provider: z.string(), providerReference: z.string(), status: z.literal("pending") }),
  ),
  links: z.object({ portal: z.url(), console: z.url() }),
});

export const intakeError = z.object({
  error: z
    .string()
    .meta({ description: "A stable code: invalid_json, invalid_request, conflict, idempotency_conflict, …" }),
  message: z.string(),
  issues: z
    .array(
      z.object({ field: z.string().meta({ description: "Dotted path, e.g. items.1.checkOut" }), message: z.string() }),
    )
    .optional(),
});

export type IntakeAnswer = z.infer<typeof intakeAnswer>;
export type IntakeError = z.infer<typeof intakeError>;
