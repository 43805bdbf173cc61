"use client";
import { useQueryClient } from "@tanstack/react-query";
import { FileUploadForm, postFile } from "@/components/ui/file-upload-form";
import { useTRPC } from "@/lib/trpc/react";

export function UploadForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <FileUploadForm
      title="Import bookings"
      fileLabel="NDJSON file"
      accept=".ndjson,.jsonl,application/x-ndjson,application/json"
      submitLabel="Import"
      pendingLabel="Uploading…"
      send={(file) => postFile<{ runId: string }>("/api/v1/imports", "application/x-ndjson", file, (b) => !!b.runId)}
      onSent={() => queryClient.invalidateQueries({ queryKey: trpc.ops.imports.list.queryKey() })}
    />
  );
}
