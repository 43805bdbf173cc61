import { Suspense } from "react";
import { label } from "@/components/ui/format";
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

const open = ["confirmed", "ticketed", "modified", "partially_cancelled"];
const live = ["confirmed", "ticketed", "modified"];

/** Server part of the changes panel: the booking's items as the forms need them (local dates in each item's zone). */
export function BookingChanges({ booking }: { booking: Booking }) {
  if (!open.includes(booking.status)) return null;
  const items: ChangeItem[] = booking.items.map((i) => ({
    id: i.id,
    category: i.category,
    changeable: live.includes(i.status) && !!i.startAt && i.startAt.getTime() > Date.now(),
    title: `${label(i.category)} · ${String(i.itemDetails.title ?? i.itemDetails.name ?? i.providerCode)}`,
    startDate: i.startAt ? formatLocal(i.startAt.getTime(), i.startZone ?? "UTC").slice(0, 10) : null,
    endDate: i.startAt
      ? formatLocal((i.endAt ?? i.startAt).getTime(), i.endZone ?? i.startZone ?? "UTC").slice(0, 10)
      : null,
  }));
  return (
    <Suspense>
      <ChangesPanel
        reference={booking.bookingReference}
        items={items}
        contact={booking.contactInfo}
        travelers={booking.travelers.map((t, index) => ({ index, firstName: t.firstName, lastName: t.lastName }))}
      />
    </Suspense>
  );
}
