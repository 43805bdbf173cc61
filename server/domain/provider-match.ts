import { formatMoney } from "./money";
import { liveItemStatuses, type ItemCategory, type ItemStatus } from "./statuses";
import { instantOf } from "./zones";

/**
 * Confirming an intake item with its provider (docs/architecture.md, "Intake journey"): the
 * provider's own booking is compared with what the checkout handed over. Compared: the status
 * (must be live), the start and end (the provider's local times in its details, read per category
 * as the demo seed writes them, to the minute against the item's instants), and the price with its
 * currency (exactly, in minor units). A date the provider's details do not carry is not compared.
 */
export type IntakeItem = {
  category: ItemCategory;
  startAt: Date | null;
  endAt: Date | null;
  startZone: string | null;
  endZone: string | null;
  priceMinor: number;
  priceCurrency: string;
};

export type ProviderSide = {
  status: ItemStatus;
  rawStatus: string;
  details: Record<string, unknown>;
  priceMinor: number;
  currency: string;
};

export type IntakeVerdict =
  | { outcome: "match" }
  /** The provider has not decided yet (on request): ask again later. */
  | { outcome: "wait"; reason: string }
  /**
   * `provider_cancelled`: the provider holds no live booking (unknown reference, cancelled).
   * `cancelled`: it holds one that differs from what was sold; we refuse the item.
   */
  | { outcome: "mismatch"; to: "cancelled" | "provider_cancelled"; reason: string };

type Local = { local: string; zone: string } | null;
const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const at = (local: unknown, zone: string | null): Local =>
  str(local) && zone ? { local: local as string, zone } : null;

/** The provider's start and end as local times, where its details say them. */
export function providerDates(item: IntakeItem, details: Record<string, unknown>): { start: Local; end: Local } {
  const startZone = item.startZone,
    endZone = item.endZone ?? item.startZone;
  switch (item.category) {
    case "flight": {
      const segs = Array.isArray(details.segments) ? (details.segments as Record<string, unknown>[]) : [];
      const first = segs[0],
        last = segs.at(-1);
      return {
        start: first ? at(first.departureLocal, str(first.departureZone) ?? startZone) : null,
        end: last ? at(last.arrivalLocal, str(last.arrivalZone) ?? endZone) : null,
      };
    }
    case "hotel":
      return { start: at(details.checkInLocal, startZone), end: at(details.checkOutLocal, endZone) };
    case "car": {
      const pick = (v: unknown) => (v && typeof v === "object" ? (v as { local?: unknown }).local : undefined);
      return { start: at(pick(details.pickup), startZone), end: at(pick(details.dropoff), endZone) };
    }
    case "experience": {
      const start = at(details.startLocal, startZone);
      const explicitEnd = at(details.endLocal, endZone);
      if (explicitEnd || !start || typeof details.durationMinutes !== "number") return { start, end: explicitEnd };
      // An experience states its start and duration; its end is the start plus the duration.
      const endMs = instantOf(start).getTime() + details.durationMinutes * 60_000;
      return { start, end: { local: new Date(endMs).toISOString().slice(0, 16), zone: "UTC" } };
    }
  }
}

const MINUTE = 60_000;
const toMinute = (ms: number) => Math.floor(ms / MINUTE);

function dateDifference(name: string, theirs: Local, ours: Date | null): string | null {
  if (!theirs || !ours) return null; // nothing comparable
  let instant: Date;
  try {
    instant = instantOf(theirs);
  } catch {
    return `${name}: the provider's ${theirs.local} cannot be read`;
  }
  if (toMinute(instant.getTime()) === toMinute(ours.getTime())) return null;
  return `${name}: the provider has ${theirs.local} (${theirs.zone}), the booking ${ours.toISOString()}`;
}

/** What the provider's answer means for the item; `null` provider = the provider does not know the reference. */
export function compareWithProvider(item: IntakeItem, provider: ProviderSide | null): IntakeVerdict {
  if (!provider) return { outcome: "mismatch", to: "provider_cancelled", reason: "the provider has no such booking" };
  if (provider.status === "cancelled" || provider.status === "provider_cancelled")
    return { outcome: "mismatch", to: "provider_cancelled", reason: `the provider reports it ${provider.rawStatus}` };
  if (provider.status === "pending")
    return { outcome: "wait", reason: `the provider has not confirmed it yet (${provider.rawStatus})` };
  const differences: string[] = [];
  if (!liveItemStatuses.includes(provider.status)) differences.push(`status: the provider has ${provider.rawStatus}`);
  const dates = providerDates(item, provider.details);
  for (const d of [dateDifference("start", dates.start, item.startAt), dateDifference("end", dates.end, item.endAt)])
    if (d) differences.push(d);
  if (provider.currency !== item.priceCurrency || provider.priceMinor !== item.priceMinor)
    differences.push(
      `price: the provider has ${formatMoney(provider.priceMinor, provider.currency)}, the booking ${formatMoney(item.priceMinor, item.priceCurrency)}`,
    );
  if (differences.length === 0) return { outcome: "match" };
  return { outcome: "mismatch", to: "cancelled", reason: differences.join("; ") };
}
