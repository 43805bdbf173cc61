import { DocumentsList } from "@/components/documents-list";
import { CancelBooking } from "@/components/portal/cancel-booking";
import { RefundTracker } from "@/components/portal/refund-tracker";
import { RefusedAction } from "@/components/portal/refused-action";
import { ResendDocuments } from "@/components/portal/resend-documents";
import { BookingChanges } from "@/components/portal/modifications/booking-changes";
import { ScheduleChangeAnswer, type Eu261Rights } from "@/components/portal/schedule-change-answer";
import { WalletPasses } from "@/components/portal/wallet-passes";
import { Badge } from "@/components/ui/badge";
import { label, money, when } from "@/components/ui/format";
import { busyCancellationStatuses } from "@/server/domain/statuses";
import { walletPassesOf } from "@/server/documents/wallet/flight-passes";
import { walletPassesAreDevelopment } from "@/server/documents/wallet/signing-mode";
import { caller } from "@/server/trpc/server";
import { viewableBooking } from "./viewable-booking";

export default async function BookingPage({ params }: { params: Promise<{ reference: string }> }) {
  const { reference } = await params;
  const booking = await viewableBooking(reference);
  const api = await caller();
  const [docs, actions, credit] = await Promise.all([
    api.portal.documents.list({ bookingId: booking.id }),
    // Every panel below renders from the server's own rules: no form it would refuse.
    api.portal.bookings.actions({ reference: booking.bookingReference }),
    api.portal.credits.mine(),
  ]);
  const verdictOf = (name: "accept_schedule_change" | "reject_schedule_change", itemId: string) =>
    actions[name].items?.find((v) => v.itemId === itemId) ?? actions[name];
  const openCancellation = booking.cancellations.find((c) => busyCancellationStatuses.includes(c.status));
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">Booking</p>
          <h1 className="font-mono text-2xl font-semibold">{booking.bookingReference}</h1>
        </div>
        <div className="text-right">
          <Badge value={booking.status} />
          <p className="mt-1 text-sm text-slate-600">
            Paid {money(booking.paidMinor, booking.currency)}
            {booking.refundedMinor > 0 && <> · refunded {money(booking.refundedMinor, booking.currency)}</>}
          </p>
        </div>
      </div>
      <section className="mt-6" aria-labelledby="travelers-heading">
        <h2 id="travelers-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Travelers
        </h2>
        <p className="mt-1">{booking.travelers.map((t) => `${t.firstName} ${t.lastName}`).join(", ")}</p>
      </section>
      <section className="mt-6 space-y-3">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Items</h2>
        {booking.items.map((i) => (
          <article
            key={i.id}
            className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
            aria-labelledby={`item-${i.id}`}
          >
            <div className="flex items-center justify-between">
              <h3 id={`item-${i.id}`} className="font-medium">
                <span className="capitalize">{label(i.category)}</span> ·{" "}
                {String(i.itemDetails.title ?? i.itemDetails.name ?? i.providerCode)}
              </h3>
              <Badge value={i.status} />
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {when(i.startAt, i.startZone ?? "UTC")}{" "}
              {i.startZone && <span className="text-slate-400">({i.startZone})</span>}
              {" → "}
              {when(i.endAt, i.endZone ?? i.startZone ?? "UTC")}{" "}
              {i.endZone && <span className="text-slate-400">({i.endZone})</span>}
            </p>
            <p className="mt-1 text-xs text-slate-500">Confirmation {i.providerConfirmationNumber ?? "pending"}</p>
            {i.status === "schedule_changed" && (
              <ScheduleChangeAnswer
                reference={booking.bookingReference}
                itemId={i.id}
                refundEligible={i.refundEligible}
                accept={verdictOf("accept_schedule_change", i.id)}
                reject={verdictOf("reject_schedule_change", i.id)}
                summary={booking.issueType === "schedule_change" ? booking.issueDescription : null}
                before={(i.originalDetails?.segments ?? []) as never[]}
                after={(i.itemDetails.segments ?? []) as never[]}
                eu261={(i.scheduleChangeAssessment as { eu261?: Eu261Rights } | null)?.eu261 ?? null}
              />
            )}
          </article>
        ))}
      </section>
      <RefundTracker cancellations={booking.cancellations} refunds={booking.refunds} />
      {/* A confirmed cancellation replaces the cancel panel with where it stands, so the confirmation
          survives the refresh that follows it however fast the providers answer. */}
      {openCancellation ? (
        <p role="status" className="mt-6 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {openCancellation.status === "partial"
            ? "Cancellation confirmed. Some providers have not cancelled yet: we are retrying and will e-mail you."
            : "Cancellation confirmed. We are cancelling with the providers; your refund follows and we will e-mail you."}
        </p>
      ) : (
        <section className="mt-6">
          {actions.cancel.allowed ? (
            <CancelBooking
              reference={booking.bookingReference}
              creditBonusBps={actions.take_refund_as_credit.allowed ? credit.refundBonusBps : null}
              items={booking.items
                .filter((i) => actions.cancel.items?.some((v) => v.itemId === i.id && v.allowed))
                .map((i) => ({
                  id: i.id,
                  title: `${label(i.category)} · ${String(i.itemDetails.title ?? i.itemDetails.name ?? i.providerCode)}`,
                }))}
            />
          ) : (
            <RefusedAction label="Cancel booking…" reason={actions.cancel.reason} />
          )}
        </section>
      )}
      <BookingChanges booking={booking} actions={actions} />
      <section className="mt-6">
        <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Documents</h2>
        <DocumentsList docs={docs} />
        <WalletPasses passes={walletPassesOf(booking)} development={walletPassesAreDevelopment()} />
        {actions.resend_documents.allowed ? (
          <ResendDocuments reference={booking.bookingReference} />
        ) : (
          <RefusedAction className="mt-2" label="E-mail me my documents" reason={actions.resend_documents.reason} />
        )}
      </section>
    </div>
  );
}
