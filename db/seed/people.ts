// Who booked: travelers with accounts (some with several bookings) and guests who never signed up.
import type { Traveler } from "@/db/schema/bookings";
import { cities, nameAt, type City } from "./catalog";
import { demoFixtures } from "./fixtures";
import { Rng } from "./random";

export type Identity = { key: number; id: string; email: string; first: string; last: string; home: City };

/**
 * The account that owns booking i, or null for a guest booking. Bookings come in threes from
 * index 4: the first two share an account, the third is a guest's (60%) or its own account.
 * The account is created with the lowest booking index that uses it (`isNew`).
 */
export function ownerOf(i: number, seed: number): { key: number; isNew: boolean } | null {
  if (i === 0 || i === 3) return { key: 0, isNew: i === 0 };
  if (i === 1) return { key: 1, isNew: true };
  if (i === 2) return null;
  const k = (i - 4) % 3;
  if (k === 0) return { key: i, isNew: true };
  if (k === 1) return { key: i - 1, isNew: false };
  return new Rng(seed, i, 7).chance(0.6) ? null : { key: i, isNew: true };
}

export function identityOf(key: number, seed: number): Identity {
  const r = new Rng(seed, key, 0x05e7);
  const id = r.uuid();
  const home = r.pick(cities);
  if (key === 0 || key === 1) {
    const f = key === 0 ? demoFixtures.traveler : demoFixtures.other;
    return { key, id, email: f.email, first: f.firstName, last: f.lastName, home: key === 0 ? cities[6] : cities[12] };
  }
  const n = nameAt(r);
  return { key, id, email: `${n.ascii[0]}.${n.ascii[1]}.${key}@example.com`, first: n.first, last: n.last, home };
}

export function travelersFor(r: Rng, lead: { first: string; last: string }, email: string, count: number): Traveler[] {
  const list: Traveler[] = [{ firstName: lead.first, lastName: lead.last, type: "adult", email }];
  for (let k = 1; k < count; k++) {
    const n = nameAt(r);
    const family = r.chance(0.5);
    const type = family && k >= 2 ? r.pick(["adult", "child", "infant"] as const) : "adult";
    list.push({ firstName: n.first, lastName: family ? lead.last : n.last, type });
  }
  return list;
}
