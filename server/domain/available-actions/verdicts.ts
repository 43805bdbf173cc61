// Small builders shared by the rules: a refusal, the first refusal of a list of checks, and the
// roll-up of per-item verdicts into one action.
import type { DomainErrorCode } from "../errors";
import type { ActionItem, ActionState, ItemVerdict, Refusal, Verdict } from "./types";

export const ok: Verdict = { allowed: true };
export const refuse = (code: DomainErrorCode, reason: string): Refusal => ({ allowed: false, code, reason });

/** The first refusal among the checks (each null when it passes), else allowed. */
export const firstRefusal = (...checks: (Refusal | null)[]): Verdict => checks.find((c) => c !== null) ?? ok;

/** "partially_cancelled" → "partially cancelled", as a person reads a status. */
export const spoken = (status: string) => status.replaceAll("_", " ");

/**
 * A per-item action: every item's verdict (the booking-level gate first, then the item's own rule).
 * Allowed when one item qualifies. Otherwise refused with the reason of the first item the action
 * is about (`concerns`), or `none` when there is no such item.
 */
export function perItem(
  label: string,
  gate: Verdict,
  items: ActionItem[],
  rule: (item: ActionItem) => Refusal | null,
  opts: { none: Refusal; concerns?: (item: ActionItem) => boolean },
): ActionState {
  const verdicts: ItemVerdict[] = items.map((i) => ({ itemId: i.id, ...(gate.allowed ? (rule(i) ?? ok) : gate) }));
  if (!gate.allowed) return { label, ...gate, items: verdicts };
  if (verdicts.some((v) => v.allowed)) return { label, allowed: true, items: verdicts };
  const about = opts.concerns ? verdicts.find((_, k) => opts.concerns!(items[k])) : undefined;
  const refusal = about && !about.allowed ? refuse(about.code, about.reason) : opts.none;
  return { label, ...refusal, items: verdicts };
}
