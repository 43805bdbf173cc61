// PostgreSQL's jsonb refuses things JSON itself allows: the NUL character (\u0000), UTF-16
// surrogates that are not paired (a lone \ud800), and nesting past its stack (JSON.stringify gives
// up even sooner). A signed webhook carrying any of them must be refused as bad input (4xx) up
// front, not fail its insert (a 5xx the sender would retry forever).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Far deeper than any provider, Stripe or Resend event nests. */
export const MAX_JSON_DEPTH = 64;

const badText = (s: string) => s.includes("\u0000") || LONE_SURROGATE.test(s);

/** True when a parsed JSON value can be stored in jsonb: every string (keys too), and its depth. */
export const storableAsJsonb = (value: unknown, maxDepth = MAX_JSON_DEPTH): boolean =>
  firstUnstorable(value, maxDepth, false) === null;

/**
 * The path of the first string (or key) in an input that PostgreSQL cannot store as text: one
 * with a NUL character or an unpaired surrogate (postgres.js would turn the latter into U+FFFD,
 * jsonb refuses it), or of the first value nested past `maxDepth`. Null when there is none.
 * Iterative: a deep value must not overflow us either.
 */
export const unstorableTextPath = (value: unknown, maxDepth = Infinity) => firstUnstorable(value, maxDepth, true);

/** The walk of both; without `paths` (the webhook hot path) no path strings are built. */
function firstUnstorable(value: unknown, maxDepth: number, paths: boolean): string | null {
  const stack: [unknown, string, number][] = [[value, "", 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (typeof v === "string") {
      if (badText(v)) return at || "input";
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxDepth) return at || "input";
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) {
      const path = !paths ? "" : at ? `${at}.${k}` : k;
      if (badText(k)) return path || "input";
      stack.push([x, path, depth + 1]);
    }
  }
  return null;
}
