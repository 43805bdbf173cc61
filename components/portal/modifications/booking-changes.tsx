import { Suspense } from "react";
import { label } from "@/components/ui/format";
import type { AvailableActions } from "@/server/domain/available-actions";
import { formatLocal } from "@/server/domain/zones";
import { ChangesPanel, type ChangeItem } from "./changes-panel";

type Booking = {
  bookingReference: string;
  status: string;
  travelers: { firstName: string; lastName: string }[];
  contactInfo: { name: string; email: string; phone?: string };
  items: {
    id: string;
    category: string;
    status: string;
    providerCode: string;
    itemDetails: Record<string, unknown>;
    startAt: Date | null;
    endAt: Date | null;
    startZone: string | null;
    endZone: string | null;
  }[];
};

type ChangeActions = Pick<AvailableActions, "change_name" | "change_dates" | "update_contact" | "special_request">;
const allowedFor = (a: ChangeActions[keyof ChangeActions], itemId: string) =>
  !!a.items?.some((v) => v.itemId === itemId && v.allowed);

/**
 * Server part of the changes panel: the booking's items as the forms need them (local dates in each
 * item's zone), and what the server allows, from available actions (a refused change says why).
 */
export function BookingChanges({ booking, actions }: { booking: Booking; actions: ChangeActions }) {
  const items: ChangeItem[] = booking.items.map((i) => ({
    id: i.id,
    category: i.category,
    dates: allowedFor(actions.change_dates, i.id),
    requests: allowedFor(actions.special_request, i.id),
    title: `${label(i.category)} · ${String(i.itemDetails.title ?? i.itemDetails.name ?? i.providerCode)}`,
    startDate: i.startAt ? formatLocal(i.startAt.getTime(), i.startZone ?? "UTC").slice(0, 10) : null,
    endDate: i.startAt
      ? formatLocal((i.endAt ?? i.startAt).getTime(), i.endZone ?? i.startZone ?? "UTC").slice(0, 10)
      : null,
  }));
  const reason = (a: ChangeActions[keyof ChangeActions]) => (a.allowed ? undefined : a.reason);
  const refusals = {
    name: reason(actions.change_name),
    dates: reason(actions.change_dates),
    contact: reason(actions.update_contact),
    request: reason(actions.special_request),
  };
  const named = new Set(actions.change_name.travelerIndices ?? []);
  return (
    <Suspense>
      <ChangesPanel
        reference={booking.bookingReference}
        items={items}
        contact={booking.contactInfo}
        refusals={refusals}
        travelers={booking.travelers
          .map((t, index) => ({ index, firstName: t.firstName, lastName: t.lastName }))
          .filter((t) => named.has(t.index))}
      />
    </Suspense>
  );
}
