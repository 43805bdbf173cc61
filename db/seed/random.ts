// A small deterministic PRNG (sfc32) keyed by numbers: the same seed and key give the same
// stream on every machine, so every row of the demo data, ids included, is reproducible.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...keys: number[]) {
    let h = 0x9e3779b9;
    const mix = (k: number) => {
      h = Math.imul(h ^ (k >>> 0), 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      return h >>> 0;
    };
    for (const k of keys) {
      mix(k);
      mix(Math.floor(k / 2 ** 32));
    }
    this.a = mix(1);
    this.b = mix(2);
    this.c = mix(3);
    this.d = mix(4);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.next() / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [v, w] of entries) {
      if ((x -= w) < 0) return v;
    }
    return entries[entries.length - 1][0];
  }
  /** A version-4-shaped UUID from the stream (not gen_random_uuid: ids must be reproducible). */
  uuid(): string {
    const h = (n: number) => n.toString(16).padStart(8, "0");
    const s = h(this.next()) + h(this.next()) + h(this.next()) + h(this.next());
    const variant = "89ab"[this.next() & 3];
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
  }
  letters(n: number, alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[this.next() % alphabet.length];
    return s;
  }
}

const refAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols, no 0/O/1/I
/**
 * The booking reference of index i: a bijection of i onto 32^6 codes (multiplying by an odd
 * number modulo 2^30 is invertible), so references are unique without a lookup and never
 * reveal how many bookings exist. The fixtures' references use 0 and 1, outside this alphabet.
 */
export function referenceOf(i: number, seed: number): string {
  let x = Number((BigInt(i) * 0x2f1a7n + BigInt(seed) * 0x9e37n + 0x5a3c1n) % 1073741824n);
  let s = "";
  for (let k = 0; k < 6; k++) {
    s = refAlphabet[x & 31] + s;
    x >>>= 5;
  }
  return `GD-${s}`;
}
