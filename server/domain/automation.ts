import { z } from "zod";

// The auto-resolution rules' condition language (spec "Automation Engine"): declarative, no eval.
// A condition names a dotted path into the run's context (the event's data under `event`, and the
// rows the engine loaded: `booking`, `item`, `cancellation`), an operator and a literal value.

export const conditionOperators = ["equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "exists"] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

const literal = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const conditionSchema = z.object({
  field: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, "a dotted path such as booking.status"),
  operator: z.enum(conditionOperators),
  value: z.union([literal, z.array(literal)]),
});
export type Condition = z.infer<typeof conditionSchema>;

export const actionSchema = z.object({
  type: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type RuleAction = z.infer<typeof actionSchema>;

/** `NOW()` as a value compares with the run's clock (the spec writes `travel_end_date lt NOW()`). */
export const NOW = "NOW()";

/** The value at a dotted path; only own properties of plain objects (no prototype walking). */
export function valueAt(context: unknown, path: string): unknown {
  let v: unknown = context;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, key))
      return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Numbers compare as numbers, ISO instants as instants; anything else is not ordered. */
function ordered(a: unknown, b: unknown): [number, number] | null {
  if (typeof a === "number" && typeof b === "number") return [a, b];
  if (typeof a === "string" && typeof b === "string" && isoInstant.test(a) && isoInstant.test(b)) {
    const x = Date.parse(a),
      y = Date.parse(b);
    return Number.isNaN(x) || Number.isNaN(y) ? null : [x, y];
  }
  return null;
}

export type ConditionResult = {
  field: string;
  operator: ConditionOperator;
  expected: unknown;
  actual: unknown;
  holds: boolean;
};

export function evaluateCondition(c: Condition, context: unknown, now: Date): ConditionResult {
  const actual = valueAt(context, c.field);
  const expected = c.value === NOW ? now.toISOString() : c.value;
  const cmp = ordered(actual, expected);
  let holds: boolean;
  switch (c.operator) {
    case "equals":
      holds = actual === expected;
      break;
    case "not_equals":
      holds = actual !== expected;
      break;
    case "in":
      holds = Array.isArray(expected) && expected.some((e) => e === actual);
      break;
    case "not_in":
      holds = Array.isArray(expected) && !expected.some((e) => e === actual);
      break;
    case "gt":
      holds = cmp !== null && cmp[0] > cmp[1];
      break;
    case "gte":
      holds = cmp !== null && cmp[0] >= cmp[1];
      break;
    case "lt":
      holds = cmp !== null && cmp[0] < cmp[1];
      break;
    case "lte":
      holds = cmp !== null && cmp[0] <= cmp[1];
      break;
    case "exists":
      holds = (actual !== undefined && actual !== null) === (expected !== false);
      break;
  }
  return { field: c.field, operator: c.operator, expected, actual: actual ?? null, holds };
}

/** All conditions must hold (the spec's rules are conjunctions); each result says why. */
export function evaluateConditions(conditions: readonly Condition[], context: unknown, now: Date) {
  const results = conditions.map((c) => evaluateCondition(c, context, now));
  return { matched: results.every((r) => r.holds), results };
}

/** A readable line for the console: `booking.status in confirmed, ticketed`. */
export function describeCondition(c: Condition): string {
  const v = Array.isArray(c.value) ? c.value.map(String).join(", ") : String(c.value);
  const op: Record<ConditionOperator, string> = {
    equals: "is",
    not_equals: "is not",
    in: "is one of",
    not_in: "is none of",
    gt: ">",
    gte: "≥",
    lt: "<",
    lte: "≤",
    exists: "is set",
  };
  return c.operator === "exists"
    ? `${c.field} ${c.value === false ? "is not set" : "is set"}`
    : `${c.field} ${op[c.operator]} ${v}`;
}
