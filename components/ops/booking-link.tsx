import Link from "next/link";

export function BookingLink({ id, reference }: { id: string | null; reference: string | null }) {
  if (!id) return <span className="text-slate-400">—</span>;
  return (
    <Link href={`/ops/bookings/${id}`} className="font-mono text-sky-700 hover:underline">
      {reference ?? id.slice(0, 8)}
    </Link>
  );
}
