"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { SubmitButton } from "@/components/ui/submit-button";

type Result = { statementRef: string; alreadyImported: boolean; lines: number; matched: number; disputes: number };

/** Sends the CSV as the request body (parsed as a stream by the server, never read whole), its name in a header. */
async function upload(providerCode: string, file: File): Promise<Result> {
  const res = await fetch(`/api/ops/providers/${encodeURIComponent(providerCode)}/statements`, {
    method: "POST",
    headers: { "content-type": "text/csv", "x-file-name": encodeURIComponent(file.name) },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as (Result & { message?: string }) | null;
  if (!res.ok || !body?.statementRef) throw new Error(body?.message ?? `The upload failed (HTTP ${res.status})`);
  return body;
}

export function StatementUploadForm({ providerCode }: { providerCode: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const m = useMutation({
    mutationFn: (f: File) => upload(providerCode, f),
    onSuccess: () => {
      setFile(null);
      if (input.current) input.current.value = "";
      router.refresh();
    },
  });
  return (
    <form
      aria-label="Import a statement"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) m.mutate(file);
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">Statement CSV</span>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="text-sm"
        />
      </label>
      <SubmitButton pending={m.isPending} pendingLabel="Matching…" disabled={!file}>
        Import and match
      </SubmitButton>
      {m.data && (
        <p role="status" className="text-slate-600">
          {m.data.alreadyImported ? "Already imported: " : "Imported: "}
          {m.data.statementRef}, {m.data.lines} lines, {m.data.matched} matched, {m.data.disputes} disputes.
        </p>
      )}
      <ErrorText error={m.error} />
    </form>
  );
}
