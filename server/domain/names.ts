/** Compares two names the way a person would: case, accents and spacing do not matter. */
export function sameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b) && normalizeName(a) !== "";
}

export function normalizeName(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase("en")
    .replace(/[\s'’\-.]+/g, " ")
    .trim();
}
