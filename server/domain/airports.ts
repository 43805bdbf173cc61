import type { Airport } from "./eu261";

/** Reference data for the airports the platform sells (coordinates for EU 261 distances). */
export const airports: Record<string, Airport> = {
  JFK: { iata: "JFK", country: "US", lat: 40.6413, lon: -73.7781 },
  LAX: { iata: "LAX", country: "US", lat: 33.9416, lon: -118.4085 },
  ORD: { iata: "ORD", country: "US", lat: 41.9742, lon: -87.9073 },
  MEX: { iata: "MEX", country: "MX", lat: 19.4361, lon: -99.0719 },
  LHR: { iata: "LHR", country: "GB", lat: 51.47, lon: -0.4543 },
  CDG: { iata: "CDG", country: "FR", lat: 49.0097, lon: 2.5479 },
  BCN: { iata: "BCN", country: "ES", lat: 41.2974, lon: 2.0833 },
  ATH: { iata: "ATH", country: "GR", lat: 37.9364, lon: 23.9445 },
  LIS: { iata: "LIS", country: "PT", lat: 38.7742, lon: -9.1342 },
  DXB: { iata: "DXB", country: "AE", lat: 25.2532, lon: 55.3657 },
  KWI: { iata: "KWI", country: "KW", lat: 29.2266, lon: 47.9689 },
  DEL: { iata: "DEL", country: "IN", lat: 28.5562, lon: 77.1 },
  HND: { iata: "HND", country: "JP", lat: 35.5494, lon: 139.7798 },
  SIN: { iata: "SIN", country: "SG", lat: 1.3644, lon: 103.9915 },
  SYD: { iata: "SYD", country: "AU", lat: -33.9399, lon: 151.1753 },
  KEF: { iata: "KEF", country: "IS", lat: 63.985, lon: -22.6056 },
};

/** Providers that are Community carriers (EU 261 Art. 2(c)): they owe its rights on flights into the EU too. */
export const euCarrierProviders: ReadonlySet<string> = new Set(["aero-nova"]);
