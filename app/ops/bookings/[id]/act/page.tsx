import Link from "next/link";
import { OwnerActions } from "@/components/ops/on-behalf/owner-actions";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller, orNotFound } from "@/server/trpc/server";

// Support acts for the traveler (docs/architecture.md, "Actors"): the owner's actions through the
// portal's own services; every record names the operator and the traveler, and the traveler is told.
export default async function ActForTravelerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await opsCaller();
  const b = await orNotFound(api.ops.bookings.get({ id }));
  const owner = await api.ops.onBehalf.owner({ bookingId: b.id });
  const items = b.items.map((i) => {
    const d = i.itemDetails as { title?: unknown; name?: unknown };
    const name = typeof d.title === "string" ? d.title : typeof d.name === "string" ? d.name : label(i.category);
    return { id: i.id, title: `${name} · ${when(i.startAt, i.startZone ?? "UTC", false)}` };
  });
  const travelers = b.travelers.map((t, index) => ({ index, firstName: t.firstName, lastName: t.lastName }));
  return (
    <div className="space-y-6">
      <PageHeader title={`Act for the traveler · ${b.bookingReference}`}>
        <Badge value={b.status} />
      </PageHeader>
      <p className="text-sm text-slate-600">
        Acting for {b.contactInfo.name} ({b.contactEmail}),{" "}
        {owner.of === "traveler" ? "with their account's rights" : "with the rights of a guest on this booking"}. You
        get exactly what they may do; each act is recorded under your name on their behalf, and they are told.
      </p>
      <OwnerActions reference={owner.reference} actions={owner.actions} items={items} travelers={travelers} />
      <Link href={`/ops/bookings/${b.id}`} className="text-sm text-sky-700 hover:underline">
        ← Back to the booking
      </Link>
    </div>
  );
}
