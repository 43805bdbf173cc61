// The demo world: providers, places and names. Plain data; booking.ts draws from it.
import type { ItemCategory } from "@/server/domain/statuses";

export type ProviderSeed = {
  code: string;
  name: string;
  category: ItemCategory;
  currency: string;
  rateLimitPerSecond: number;
  prefix: string;
};

/** At least two providers per category, some pricing in another currency than the traveler pays in. */
export const providerCatalog: ProviderSeed[] = [
  { code: "skyway-air", name: "SkyWay Air", category: "flight", currency: "USD", rateLimitPerSecond: 20, prefix: "SW" },
  { code: "aero-nova", name: "AeroNova", category: "flight", currency: "EUR", rateLimitPerSecond: 10, prefix: "AN" },
  { code: "stayrooms", name: "StayRooms", category: "hotel", currency: "USD", rateLimitPerSecond: 25, prefix: "SR" },
  {
    code: "grand-hotels",
    name: "Grand Hotels Group",
    category: "hotel",
    currency: "EUR",
    rateLimitPerSecond: 8,
    prefix: "GH",
  },
  {
    code: "roadrunner-cars",
    name: "RoadRunner Cars",
    category: "car",
    currency: "USD",
    rateLimitPerSecond: 15,
    prefix: "RR",
  },
  {
    code: "metro-rentals",
    name: "Metro Rentals",
    category: "car",
    currency: "GBP",
    rateLimitPerSecond: 10,
    prefix: "MR",
  },
  { code: "tourly", name: "Tourly", category: "experience", currency: "EUR", rateLimitPerSecond: 20, prefix: "TY" },
  {
    code: "wildtrails",
    name: "WildTrails Adventures",
    category: "experience",
    currency: "USD",
    rateLimitPerSecond: 5,
    prefix: "WT",
  },
];
export const providersBy = (category: ItemCategory) => providerCatalog.filter((p) => p.category === category);

export type City = { city: string; country: string; airport: string; zone: string };
export const cities: City[] = [
  { city: "New York", country: "US", airport: "JFK", zone: "America/New_York" },
  { city: "Los Angeles", country: "US", airport: "LAX", zone: "America/Los_Angeles" },
  { city: "Chicago", country: "US", airport: "ORD", zone: "America/Chicago" },
  { city: "Mexico City", country: "MX", airport: "MEX", zone: "America/Mexico_City" },
  { city: "London", country: "GB", airport: "LHR", zone: "Europe/London" },
  { city: "Paris", country: "FR", airport: "CDG", zone: "Europe/Paris" },
  { city: "Barcelona", country: "ES", airport: "BCN", zone: "Europe/Madrid" },
  { city: "Athens", country: "GR", airport: "ATH", zone: "Europe/Athens" },
  { city: "Lisbon", country: "PT", airport: "LIS", zone: "Europe/Lisbon" },
  { city: "Dubai", country: "AE", airport: "DXB", zone: "Asia/Dubai" },
  { city: "Kuwait City", country: "KW", airport: "KWI", zone: "Asia/Kuwait" },
  { city: "Delhi", country: "IN", airport: "DEL", zone: "Asia/Kolkata" },
  { city: "Tokyo", country: "JP", airport: "HND", zone: "Asia/Tokyo" },
  { city: "Singapore", country: "SG", airport: "SIN", zone: "Asia/Singapore" },
  { city: "Sydney", country: "AU", airport: "SYD", zone: "Australia/Sydney" },
  { city: "Reykjavik", country: "IS", airport: "KEF", zone: "Atlantic/Reykjavik" },
];

/** Charge currencies, weighted; JPY has no minor unit and KWD three decimals. */
export const chargeCurrencies = [
  ["USD", 50],
  ["EUR", 20],
  ["GBP", 12],
  ["JPY", 10],
  ["KWD", 8],
] as const;

/** Reference rates from USD as exact fractions (never floats): 1 USD = num/den units, minor to minor. */
const perUsdMinor: Record<string, readonly [number, number]> = {
  USD: [1, 1],
  EUR: [92, 100],
  GBP: [79, 100],
  JPY: [150, 100],
  KWD: [307, 100],
};
export function convertMinor(minor: number, from: string, to: string): number {
  if (from === to) return minor;
  const [fn, fd] = perUsdMinor[from],
    [tn, td] = perUsdMinor[to];
  // minor × (fd/fn) × (tn/td), rounded once, half-up; integers stay far below 2^53 here.
  return Math.floor((minor * fd * tn * 2 + fn * td) / (2 * fn * td));
}

type Name = { first: string; last: string; ascii: [string, string] };
const latinFirst = [
  "Emma",
  "Liam",
  "Olivia",
  "Noah",
  "Sofia",
  "Mateo",
  "Amelia",
  "Lucas",
  "Chloe",
  "Ethan",
  "Mia",
  "Leon",
  "Zoe",
  "Hugo",
  "Nora",
  "Jonas",
  "Ava",
  "Felix",
  "Ines",
  "Omar",
  "Priya",
  "Arjun",
  "Aisha",
  "Kofi",
  "Maya",
  "Elif",
  "Sven",
  "Ana",
  "Tomás",
  "Zoë",
  "José",
  "Chiara",
];
const latinLast = [
  "Smith",
  "Johnson",
  "Müller",
  "Rossi",
  "Dubois",
  "Silva",
  "Novak",
  "Kowalski",
  "Nguyen",
  "Okafor",
  "Patel",
  "Brown",
  "O'Connor",
  "García",
  "Martins",
  "Jensen",
  "Andersson",
  "Moreau",
  "Schmidt",
  "Costa",
  "Kim",
  "Haddad",
  "Fischer",
  "Lopez",
  "Ivanova",
  "Yilmaz",
  "Mensah",
  "Walker",
  "Nakamura",
  "Chen",
  "Singh",
  "Van der Berg",
];
/** Names in other scripts: documents and e-mails must render them (the documents issue). */
const otherScripts: Name[] = [
  { first: "Δημήτρης", last: "Παπαδόπουλος", ascii: ["dimitris", "papadopoulos"] },
  { first: "Ελένη", last: "Γεωργίου", ascii: ["eleni", "georgiou"] },
  { first: "Анна", last: "Иванова", ascii: ["anna", "ivanova"] },
  { first: "Дмитрий", last: "Соколов", ascii: ["dmitry", "sokolov"] },
  { first: "محمد", last: "العتيبي", ascii: ["mohammed", "alotaibi"] },
  { first: "فاطمة", last: "الصباح", ascii: ["fatima", "alsabah"] },
  { first: "נועה", last: "כהן", ascii: ["noa", "cohen"] },
  { first: "प्रिया", last: "शर्मा", ascii: ["priya", "sharma"] },
  { first: "陽翔", last: "佐藤", ascii: ["haruto", "sato"] },
  { first: "美咲", last: "鈴木", ascii: ["misaki", "suzuki"] },
  { first: "伟", last: "王", ascii: ["wei", "wang"] },
  { first: "지민", last: "김", ascii: ["jimin", "kim"] },
];
const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
export function nameAt(r: { float(): number; pick<T>(a: readonly T[]): T }): Name {
  if (r.float() < 0.15) return r.pick(otherScripts);
  const first = r.pick(latinFirst),
    last = r.pick(latinLast);
  return { first, last, ascii: [ascii(first), ascii(last)] };
}

export const airlines = { "skyway-air": "SW", "aero-nova": "AN" } as Record<string, string>;
export const cabins = ["economy", "economy", "economy", "premium_economy", "business"] as const;
export const hotelNames = [
  "Harbour View Hotel",
  "The Linden",
  "Casa Azul",
  "Hotel Meridian",
  "Park Lane Suites",
  "Sakura Inn",
  "Old Town Residence",
  "Palm Court",
  "Nordic Lights Hotel",
  "Grand Plaza",
];
export const roomTypes = ["Standard Double", "Superior King", "Twin Room", "Junior Suite", "Family Room"];
export const carClasses = [
  ["Economy", "Kia Picanto"],
  ["Compact", "Toyota Corolla"],
  ["SUV", "Nissan Qashqai"],
  ["Premium", "BMW 3 Series"],
  ["Van", "Ford Transit"],
] as const;
export const experiences = [
  "Old town walking tour",
  "Sunset kayak trip",
  "Food market tasting",
  "Museum skip-the-line pass",
  "Day hike with a guide",
  "Cooking class",
  "Harbour cruise",
  "Street art bike tour",
];
