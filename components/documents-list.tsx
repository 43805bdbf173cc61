import type { DocumentListEntry } from "@/server/services/documents/document-access";
import { label, when } from "@/components/ui/format";
import { cancelledItemStatuses } from "@/server/domain/booking-machine";
import type { ItemStatus } from "@/server/domain/statuses";

const kindName: Record<string, string> = {
  e_ticket: "E-ticket",
  voucher: "Voucher",
  itinerary: "Itinerary",
  receipt: "Receipt",
};

/** A booking's documents (latest version of each), each opening the PDF from /api/documents/[id]. */
export function DocumentsList({
  docs,
  empty = "Documents appear here once the booking is confirmed.",
}: {
  docs: DocumentListEntry[];
  empty?: string;
}) {
  if (docs.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Documents">
      {docs.map((d) => (
        <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
          <a href={d.href} target="_blank" rel="noopener" className="font-medium text-sky-700 hover:underline">
            {kindName[d.kind] ?? label(d.kind)}
            {d.itemTitle && <span className="font-normal text-slate-700"> · {d.itemTitle}</span>}
            {d.traveler && <span className="font-normal text-slate-700"> · {d.traveler}</span>}
          </a>
          <span className="text-xs text-slate-500">
            {d.itemStatus && cancelledItemStatuses.includes(d.itemStatus as ItemStatus) && (
              <span className="mr-2 text-rose-700">{label(d.itemStatus)}</span>
            )}
            v{d.version} · {when(d.createdAt)} · {Math.max(1, Math.round(d.sizeBytes / 1024))} KB
          </span>
        </li>
      ))}
    </ul>
  );
}
