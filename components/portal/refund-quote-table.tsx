import { money } from "@/components/ui/format";

type QuoteLine = { itemId: string; policy: string; feeMinor: number; refundMinor: number };

/** A cancellation quote item by item (the traveler's panel and support's, acting for them). */
export function RefundQuoteTable({
  items,
  currency,
  titleOf,
}: {
  items: readonly QuoteLine[];
  currency: string;
  titleOf: (itemId: string) => string;
}) {
  return (
    <table className="w-full text-left" aria-label="Refund quote">
      <thead>
        <tr className="text-xs text-slate-500">
          <th>Item</th>
          <th>Policy</th>
          <th className="text-right">Fee</th>
          <th className="text-right">Refund</th>
        </tr>
      </thead>
      <tbody>
        {items.map((l) => (
          <tr key={l.itemId} className="border-t border-slate-100">
            <th scope="row" className="py-1 font-normal">
              {titleOf(l.itemId)}
            </th>
            <td className="py-1 text-slate-600">{l.policy}</td>
            <td className="py-1 text-right">{money(l.feeMinor, currency)}</td>
            <td className="py-1 text-right">{money(l.refundMinor, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
