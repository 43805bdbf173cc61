import { when } from "@/components/ui/format";

export type BookingIntake = { client: string; sessionId: string | null; receivedAt: Date; payload: unknown };

/**
 * How a booking came through the intake API: the client, its checkout session and the body it
 * sent. The payload sits in a <details>, so the page stays short and needs no script to open it.
 */
export function IntakePanel({ intake }: { intake: BookingIntake | null }) {
  if (!intake) return null;
  return (
    <section aria-label="Intake" className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Intake</h2>
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-500">Client</dt>
        <dd>{intake.client}</dd>
        <dt className="text-slate-500">Checkout session</dt>
        <dd className="font-mono text-xs">{intake.sessionId ?? "—"}</dd>
        <dt className="text-slate-500">Received</dt>
        <dd className="tabular-nums">{when(intake.receivedAt)}</dd>
      </dl>
      <details className="mt-2">
        <summary className="cursor-pointer text-sky-700">Payload</summary>
        <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">
          {JSON.stringify(intake.payload, null, 2)}
        </pre>
      </details>
    </section>
  );
}
