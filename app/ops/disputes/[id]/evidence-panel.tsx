"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { fieldErrorOf } from "@/components/ui/error-message";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";

/**
 * The evidence exactly as it would be sent (the same assembly the submission runs), the founder's
 * notes (saved as a draft, and leading the free text), then submit. React escapes every string:
 * a traveler's name such as "<script>" is shown, not run.
 */
export function EvidencePanel({ disputeId, initialNotes }: { disputeId: string; initialNotes: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [notes, setNotes] = useState(initialNotes);
  const [previewNotes, setPreviewNotes] = useState(initialNotes);
  const [confirming, setConfirming] = useState(false);
  const preview = useQuery(trpc.ops.disputes.preview.queryOptions({ disputeId, notes: previewNotes }));
  const save = useMutation(trpc.ops.disputes.saveNotes.mutationOptions({ onSuccess: () => setPreviewNotes(notes) }));
  const submit = useMutation(trpc.ops.disputes.submit.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = preview.error ?? save.error ?? submit.error;
  const p = preview.data;

  return (
    <div className="space-y-4">
      <Field
        label="Notes for the card network"
        hint="Placed first in the free-text field and in the booking history PDF."
        error={fieldErrorOf(save.error ?? submit.error, "notes")}
      >
        <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} rows={4} name="notes" />
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button pending={save.isPending} onClick={() => save.mutate({ disputeId, notes })}>
          Save notes and refresh preview
        </Button>
        {p?.canSubmit && !confirming && (
          <Button variant="primary" onClick={() => setConfirming(true)}>
            Submit evidence…
          </Button>
        )}
        {confirming && (
          <span className="inline-flex items-center gap-2 rounded-md bg-amber-50 px-2 py-1 text-sm text-amber-900">
            Evidence can be submitted once. Send it now?
            <Button pending={submit.isPending} onClick={() => submit.mutate({ disputeId, notes })}>
              {submit.isPending ? "Submitting…" : "Yes, submit"}
            </Button>
            <Button disabled={submit.isPending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </span>
        )}
        {p && !p.canSubmit && <span className="text-sm text-slate-600">{p.why}</span>}
        <ErrorText inline className="text-sm" error={error} />
      </div>
      {preview.isLoading && <p className="text-sm text-slate-500">Assembling evidence…</p>}
      {p && (
        <div className="grid gap-4 lg:grid-cols-2">
          <section aria-label="Evidence fields">
            <h3 className="mb-1 text-sm font-semibold">Fields sent to Stripe</h3>
            <dl className="space-y-2 text-sm">
              {Object.entries(p.evidence).map(([k, v]) => (
                <div key={k}>
                  <dt className="font-mono text-xs text-slate-500">{k}</dt>
                  <dd className="whitespace-pre-wrap rounded bg-slate-50 p-2">{String(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-label="Files">
            <h3 className="mb-1 text-sm font-semibold">Files (rendered as PDF on submit)</h3>
            <ul className="mb-3 space-y-1 text-sm">
              {p.files.map((f) => (
                <li key={f.field}>
                  <span className="font-mono text-xs">{f.field}</span> · {f.filename}: {f.what}
                </li>
              ))}
            </ul>
            <h3 className="mb-1 text-sm font-semibold">Booking history (PDF content)</h3>
            <ol className="space-y-0.5 text-xs">
              {p.view.timeline.map((t, k) => (
                <li key={k}>
                  <span className="text-slate-500">{t.at}</span> {t.text}
                </li>
              ))}
            </ol>
            <h3 className="mt-3 mb-1 text-sm font-semibold">Cancellation policy</h3>
            {p.view.policies.map((pol, k) => (
              <div key={k} className="mb-2 text-xs">
                <div className="font-medium">{pol.item}</div>
                <ul className="list-disc pl-4">
                  {pol.lines.map((l, j) => (
                    <li key={j}>{l}</li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        </div>
      )}
    </div>
  );
}
