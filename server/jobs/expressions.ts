/**
 * The small part of Inngest's expression language (CEL) the product uses: paths such as
 * `event.data.bookingId`, string/number/bool/null literals, `==`, `!=`, `<`, `<=`, `>`, `>=`,
 * `&&`, `||`, `!` and parentheses. Anything else throws UnsupportedExpression, and each caller
 * decides what that means (a trigger `if` it cannot read still fires; a cancel it cannot read
 * cancels nothing).
 */
export class UnsupportedExpression extends Error {}

type Scope = Record<string, unknown>;
type Tok = { t: "lit"; v: unknown } | { t: "path"; v: string[] } | { t: "op"; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", "<=", ">=", "&&", "||"].includes(two)) {
      out.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if ("<>!()".includes(c)) {
      out.push({ t: "op", v: c });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1,
        s = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") j++;
        s += src[j++];
      }
      if (j >= src.length) throw new UnsupportedExpression(`unterminated string in ${src}`);
      out.push({ t: "lit", v: s });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: "lit", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const path = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*/.exec(src.slice(i));
    if (path) {
      const word = path[0];
      if (word === "true" || word === "false") out.push({ t: "lit", v: word === "true" });
      else if (word === "null") out.push({ t: "lit", v: null });
      else out.push({ t: "path", v: word.split(".") });
      i += word.length;
      continue;
    }
    throw new UnsupportedExpression(`cannot read "${src.slice(i)}"`);
  }
  return out;
}

export function readPath(scope: Scope, path: string[]): unknown {
  let v: unknown = scope;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

export function evaluate(src: string, scope: Scope): unknown {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => peek()?.t === "op" && peek()!.v === v;
  const primary = (): unknown => {
    const tok = toks[i++];
    if (!tok) throw new UnsupportedExpression(`unexpected end of ${src}`);
    if (tok.t === "lit") return tok.v;
    if (tok.t === "path") {
      if (isOp("(")) throw new UnsupportedExpression(`function calls are not supported: ${src}`);
      return readPath(scope, tok.v);
    }
    if (tok.v === "!") return !primary();
    if (tok.v === "(") {
      const v = or();
      if (!isOp(")")) throw new UnsupportedExpression(`missing ) in ${src}`);
      i++;
      return v;
    }
    throw new UnsupportedExpression(`unexpected ${tok.v} in ${src}`);
  };
  const cmp = (): unknown => {
    const a = primary();
    const tok = peek();
    if (tok?.t !== "op" || !["==", "!=", "<", "<=", ">", ">="].includes(tok.v)) return a;
    i++;
    const b = primary();
    switch (tok.v) {
      case "==":
        return a === b;
      case "!=":
        return a !== b;
      case "<":
        return (a as number) < (b as number);
      case "<=":
        return (a as number) <= (b as number);
      case ">":
        return (a as number) > (b as number);
      default:
        return (a as number) >= (b as number);
    }
  };
  const and = (): unknown => {
    let v = cmp();
    while (isOp("&&")) {
      i++;
      const r = cmp();
      v = Boolean(v) && Boolean(r);
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (isOp("||")) {
      i++;
      const r = and();
      v = Boolean(v) || Boolean(r);
    }
    return v;
  };
  const v = or();
  if (i < toks.length) throw new UnsupportedExpression(`trailing input in ${src}`);
  return v;
}

/** A key expression (`event.data.bookingId`) as the string Inngest would key on; null when it is missing. */
export function evaluateKey(src: string, event: Record<string, unknown>): string | null {
  const v = evaluate(src, { event });
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}
