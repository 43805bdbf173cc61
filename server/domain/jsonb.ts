// PostgreSQL's jsonb refuses things JSON itself allows: the NUL character (\u0000), UTF-16
// surrogates that are not paired (a lone \ud800), and nesting past its stack (JSON.stringify gives
// up even sooner). A signed webhook carrying any of them must be refused as bad input (4xx) up
// front, not fail its insert (a 5xx the sender would retry forever).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Far deeper than any provider, Stripe or Resend event nests. */
export const MAX_JSON_DEPTH = 64;

const badText = (s: string) => s.includes("\u0000") || LONE_SURROGATE.test(s);

/** True when a parsed JSON value can be stored in jsonb: every string (keys too) and its depth. */
export function storableAsJsonb(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]]; // iterative: a deep value must not overflow us either
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") { if (badText(v)) return false; continue; }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(v)) { for (const x of v) stack.push([x, depth + 1]); continue; }
    for (const [k, x] of Object.entries(v)) { if (badText(k)) return false; stack.push([x, depth + 1]); }
  }
  return true;
}

/**
 * The path of the first string (or key) in an input that PostgreSQL cannot store as text: one
 * with a NUL character or an unpaired surrogate (postgres.js would turn the latter into U+FFFD,
 * jsonb refuses it). Null when there is none.
 */
export function unstorableTextPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === "string") { if (badText(v)) return at || "input"; continue; }
    if (v === null || typeof v !== "object") continue;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) {
      const path = at ? `${at}.${k}` : k;
      if (badText(k)) return path;
      stack.push([x, path]);
    }
  }
  return null;
}
