"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTRPC } from "@/lib/trpc/react";

/** Sends the file as the request body (streamed to disk by the server, never read whole), its name in a header. */
async function upload(file: File): Promise<{ runId: string }> {
  const res = await fetch("/api/v1/imports", {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", "x-file-name": encodeURIComponent(file.name) },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as { runId?: string; message?: string } | null;
  if (!res.ok || !body?.runId) throw new Error(body?.message ?? `The upload failed (HTTP ${res.status})`);
  return { runId: body.runId };
}

export function UploadForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const m = useMutation({
    mutationFn: upload,
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = "";
      await queryClient.invalidateQueries({ queryKey: trpc.ops.imports.list.queryKey() });
    },
  });
  return (
    <form
      aria-label="Import bookings"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) m.mutate(file);
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">NDJSON file</span>
        <input
          ref={input}
          type="file"
          accept=".ndjson,.jsonl,application/x-ndjson,application/json"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="text-sm"
        />
      </label>
      <SubmitButton pending={m.isPending} pendingLabel="Uploading…" disabled={!file}>
        Import
      </SubmitButton>
      <ErrorText error={m.error} />
    </form>
  );
}
