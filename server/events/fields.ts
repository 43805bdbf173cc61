import { z } from "zod";
import { actorKinds, type Actor } from "@/server/domain/actor";

// Field schemas the catalogue's payloads share (server/events/catalogue.ts).

/** A row id: the shape of PostgreSQL's uuid type (any 8-4-4-4-12 hex, no version check). */
export const rowId = z.guid();
/** An instant as `Date.toISOString()` writes it. */
export const instant = z.iso.datetime({ offset: true });
export const amountMinor = z.number().int().nonnegative();
export const currency = z.string().length(3);

export const actorSchema = z.object({
  kind: z.enum(actorKinds),
  id: z.string().nullable(),
  ruleId: z.string().nullable().optional(),
  onBehalfOf: z.string().nullable().optional(),
}) satisfies z.ZodType<Actor>;

/** Who did it: the typed Actor (server/domain/actor.ts). */
export const actor = actorSchema;
