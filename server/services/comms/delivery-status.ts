// Pure rules of a message's delivery (no I/O): how statuses move, what a provider event means,
// when a failed send is tried again.
import type { CommStatus } from "@/server/domain/statuses";

/** docs/architecture.md, "Messages": a transient failure is retried up to 3 times; bounces and complaints never. */
export const MAX_RETRIES = 3;
const MINUTE = 60_000;

/** Delay before retry n (1-based): 5, 20, 80 minutes; the 15-minute function picks them up when due. */
export function retryDelayMs(retry: number): number {
  return 5 * MINUTE * 4 ** (retry - 1);
}

const rank: Record<CommStatus, number> = {
  pending: 0,
  failed: 0,
  sent: 1,
  delivered: 2,
  opened: 3,
  clicked: 4,
  bounced: 9,
  complained: 9,
  cancelled: 9,
};
export const permanentStatuses = new Set<CommStatus>(["bounced", "complained"]);

/**
 * The status after an event: events arrive in any order (a "delivered" before our own "sent" was
 * recorded), so a status only moves forward; a bounce or complaint wins over any delivery.
 */
export function nextStatus(current: CommStatus, incoming: CommStatus): CommStatus {
  if (current === "cancelled" || permanentStatuses.has(current)) return current;
  if (permanentStatuses.has(incoming)) return incoming;
  return rank[incoming] > rank[current] ? incoming : current;
}

/** Resend's webhook event types → the status they report (null: recorded only). */
export function statusOfResendEvent(type: string): CommStatus | null {
  switch (type) {
    case "email.sent":
      return "sent";
    case "email.delivered":
      return "delivered";
    case "email.opened":
      return "opened";
    case "email.clicked":
      return "clicked";
    case "email.bounced":
      return "bounced";
    case "email.complained":
      return "complained";
    default:
      return null; // email.delivery_delayed, email.failed, email.scheduled…: kept as events
  }
}
