import { formatMoney } from "@/server/domain/money";

export const money = (minor: number, currency: string) => formatMoney(minor, currency);

/** An instant shown in a zone: an item's local zone, or UTC in the console. */
export function when(d: Date | string | null | undefined, timeZone = "UTC", withTime = true): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  return new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: withTime ? "short" : undefined,
    timeZone,
  }).format(date);
}

export const label = (s: string) => s.replaceAll("_", " ");
