import { randomInt } from "node:crypto";

// The alphabet of booking references: no 0/O or 1/I to misread on a phone.
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A reference for a booking its checkout did not name: "BK-" and 8 random symbols (32^8 ≈ 10^12). */
export function newReference(): string {
  let s = "BK-";
  for (let i = 0; i < 8; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}
