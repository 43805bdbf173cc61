// Malformed inputs derived from a JSON Schema (zod 4: `z.toJSONSchema`). Each input starts from a
// valid-looking value of the schema and breaks one to three fields, drops required ones, adds
// unknown or hostile keys, or replaces the whole input. Seeded: a failure names its seed and index,
// and `FUZZ_SEED` / `FUZZ_RUNS` rerun or widen it.

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
};

export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 200);
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20_260_601);

/** mulberry32: small, fast, reproducible. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}
export type Rng = ReturnType<typeof rng>;

export const hashSeed = (s: string, seed = fuzzSeed) =>
  [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, seed >>> 0);

function deep(depth: number): unknown {
  let v: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Values that are wrong for almost any field, and payloads that must never reach SQL or HTML raw. */
export const hostile: readonly unknown[] = [
  null,
  undefined,
  "",
  " ",
  "   \t\n",
  0,
  -1,
  -0,
  1.5,
  -1e308,
  1e308,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 31,
  true,
  false,
  [],
  {},
  [null],
  [1, "a", {}],
  { a: 1 },
  "x".repeat(70_000),
  "é".repeat(5_000),
  "' OR '1'='1",
  "'; drop table bookings; --",
  `" OR ""="`,
  "1; select pg_sleep(0)",
  "%' and 1=1 --",
  "<script>alert(1)</script>",
  `"><img src=x onerror=alert(1)>`,
  "javascript:alert(1)",
  "{{7*7}}",
  "${7*7}",
  "../../../../etc/passwd",
  "%00",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF x",
  "\u202Egnp.exe",
  "🏳️‍🌈".repeat(40),
  "\uFEFF",
  "null",
  "undefined",
  "NaN",
  "true",
  "[]",
  "{}",
  "0x7fffffff",
  "-1",
  "00000000-0000-0000-0000-00000000000g",
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000 ",
  "{00000000-0000-4000-8000-000000000000}",
  "2026-02-30",
  "9999-12-31T23:59:59Z",
  "0000-00-00",
  "-infinity",
  new Date(Number.NaN),
  new Date(8.64e15),
  deep(60),
  deep(800),
  JSON.parse(`{"__proto__":{"role":"ops"},"constructor":{"prototype":{"x":1}}}`),
  Array.from({ length: 10_000 }, (_, i) => i),
  [[[[[[[[[[[]]]]]]]]]]],
  10n,
];

/** Dates PostgreSQL or the domain cannot hold, and days that are not on the calendar (issue 20). */
export const badDates: readonly unknown[] = [
  "0000-01-01",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "1899-12-31",
  "2201-01-01T00:00:00Z",
  "2027-04-31",
  "2027-02-30",
  "2026-02-29T10:00:00Z",
  "2027-13-01",
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(Date.UTC(0, 0, 1)),
];

/** Values far over any bound: a 2 MB string, a 100,000-element array, an object of 100,000 keys. */
export const oversized: readonly unknown[] = [
  "x".repeat(2 * 1024 * 1024),
  Array.from({ length: 100_000 }, () => crypto.randomUUID()),
  Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])),
];

/**
 * Every field of an object schema (or the whole input) given each bad date and oversized value,
 * the rest valid-looking: so a date or array field added to any procedure later is covered.
 */
export function edgeInputs(schema: JsonSchema, seed: number, hints: Record<string, () => unknown> = {}): unknown[] {
  const r = rng(seed);
  const values = [...badDates, ...oversized];
  const props = Object.keys(schema.properties ?? {});
  if (!props.length) return values;
  return props.flatMap((k) => values.map((v) => ({ ...(sample(schema, r, hints) as object), [k]: v })));
}

/** Why a refusal's message is not for a person (zod's JSON, a JavaScript error's text), or null. */
export function unreadable(message: string): string | null {
  if (/^\s*[[{]/.test(message) || /"(code|path|origin)"\s*:/.test(message)) return "raw JSON";
  if (
    /Unexpected token|JSON at position|is not valid JSON|Cannot read prop|is not a function|TypeError|SyntaxError|RangeError|Invalid time value/.test(
      message,
    )
  )
    return "JavaScript error text";
  if (message.trim().length < 3) return "empty";
  return null;
}

/** A valid-looking value for the schema (field-name hints first: real ids make calls go deeper). */
export function sample(s: JsonSchema, r: Rng, hints: Record<string, () => unknown> = {}, name = ""): unknown {
  if (name && hints[name]) return hints[name]();
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  if (s.anyOf) return sample(r.pick(s.anyOf), r, hints, name);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(k) || r.next() < 0.6) o[k] = sample(v, r, hints, k);
      return o;
    }
    case "array":
      return s.items ? Array.from({ length: r.int(3) }, () => sample(s.items!, r, hints)) : [];
    case "integer":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return r.next() < 0.5;
    case "null":
      return null;
    case "string":
      return stringSample(s, name);
    default:
      return "2026-05-04"; // z.coerce.date() and other unrepresentable inputs: a date string
  }
}

function stringSample(s: JsonSchema, name: string): string {
  switch (s.format) {
    case "uuid":
      return crypto.randomUUID();
    case "date":
      return "2026-05-04";
    case "date-time":
      return new Date().toISOString();
    case "email":
      return "fuzz@example.com";
    case "uri":
      return "https://push.example.com/endpoint/abc";
  }
  if (s.pattern?.includes("A-Z0-9-")) return "GD-FUZZ01";
  if (s.pattern?.includes("\\d{4}-\\d{2}-\\d{2}")) return "2031-05-04";
  if (s.pattern?.includes("\\+[1-9]")) return "+447700900123";
  const text = name === "currency" ? "EUR" : "fuzz text";
  return text.padEnd(s.minLength ?? 0, "x").slice(0, s.maxLength ?? 1_000);
}

/** Wrong values aimed at this field's type and bounds, and the hostile list. */
function breakValue(s: JsonSchema, r: Rng, valid: unknown): unknown {
  const near: unknown[] = [];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "string" || s.format || s.pattern) {
    const v = typeof valid === "string" ? valid : "x";
    near.push(
      `${v}<script>alert(1)</script>`,
      `${v}'--`,
      `${v}\u0000`,
      ` ${v.toLowerCase()}\n`,
      v.slice(1),
      `${v}\uD800`,
      [v],
      { value: v },
      Number(v),
    );
    if (s.maxLength !== undefined) near.push("a".repeat(s.maxLength + 1));
    if (s.minLength) near.push("a".repeat(s.minLength - 1));
  }
  if (type === "integer" || type === "number") {
    if (s.minimum !== undefined) near.push(s.minimum - 1, s.minimum - 0.5);
    if (s.maximum !== undefined) near.push(s.maximum + 1, s.maximum + 0.5);
    near.push(`${valid}`, 0.1 + 0.2, -(2 ** 63));
  }
  if (s.enum) near.push(String(s.enum[0]).toUpperCase(), `${s.enum[0]} `, s.enum, "*");
  if (type === "array")
    near.push(
      Array.from({ length: (s.maxItems ?? 50) + 1 }, () => valid),
      "a,b",
      { 0: "a", length: 1 },
    );
  if (type === "object") near.push([valid], JSON.stringify(valid));
  return r.next() < 0.45 && near.length ? r.pick(near) : r.pick(hostile);
}

/** `count` malformed inputs for an object schema (anything else is broken as a whole). */
export function malformedInputs(
  schema: JsonSchema,
  count: number,
  seed: number,
  hints: Record<string, () => unknown> = {},
): unknown[] {
  const r = rng(seed);
  const out: unknown[] = [];
  const props = Object.entries(schema.properties ?? {});
  // Every field once with every kind of breakage first, so even small runs cover each field.
  for (const [k, s] of props) {
    const base = sample(schema, r, hints) as Record<string, unknown>;
    out.push({ ...base, [k]: breakValue(s, r, base[k]) });
    if (schema.required?.includes(k)) {
      const { [k]: _, ...rest } = base;
      out.push(rest);
    }
  }
  while (out.length < count) {
    const roll = r.next();
    const base = sample(schema, r, hints);
    if (roll < 0.12 || !props.length || typeof base !== "object" || base === null) {
      out.push(r.pick(hostile));
      continue;
    }
    const o = { ...(base as Record<string, unknown>) };
    if (roll < 0.2) {
      // unknown keys: stripped or refused, never acted on
      Object.assign(
        o,
        r.pick([
          { role: "ops" },
          { userId: crypto.randomUUID() },
          { ["x".repeat(5_000)]: 1 },
          JSON.parse(`{"__proto__":{"admin":true}}`),
          { $where: "1=1" },
        ]),
      );
      out.push(o);
      continue;
    }
    const n = 1 + r.int(3);
    for (let i = 0; i < n; i++) {
      const [k, s] = r.pick(props);
      if (r.next() < 0.15) delete o[k];
      else o[k] = breakValue(s, r, o[k]);
    }
    out.push(o);
  }
  return out.slice(0, Math.max(count, out.length));
}

/** A short, printable description of an input for failure messages. */
export function describeInput(v: unknown): string {
  const seen = new WeakSet();
  const s = JSON.stringify(v, (_, x) => {
    if (typeof x === "bigint") return `${x}n`;
    if (typeof x === "number" && !Number.isFinite(x)) return String(x);
    if (typeof x === "string" && x.length > 60) return `${x.slice(0, 40)}…(${x.length} chars)`;
    if (typeof x === "object" && x !== null) {
      if (seen.has(x)) return "[cycle]";
      seen.add(x);
    }
    return x;
  });
  return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** Runs `fn` over `xs` in groups of `size` (the pool and two cores bound useful concurrency). */
export async function inGroups<T, R>(
  xs: readonly T[],
  size: number,
  fn: (x: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < xs.length; i += size)
    out.push(...(await Promise.all(xs.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}
