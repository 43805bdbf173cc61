"use client";
import { useRouter } from "next/navigation";
import { FileUploadForm, postFile } from "@/components/ui/file-upload-form";

type Result = { statementRef: string; alreadyImported: boolean; lines: number; matched: number; disputes: number };

export function StatementUploadForm({ providerCode }: { providerCode: string }) {
  const router = useRouter();
  const url = `/api/ops/providers/${encodeURIComponent(providerCode)}/statements`;
  return (
    <FileUploadForm
      title="Import a statement"
      fileLabel="Statement CSV"
      accept=".csv,text/csv"
      submitLabel="Import and match"
      pendingLabel="Matching…"
      send={(file) => postFile<Result>(url, "text/csv", file, (b) => !!b.statementRef)}
      onSent={() => router.refresh()}
      sent={(r) => (
        <p role="status" className="text-slate-600">
          {r.alreadyImported ? "Already imported: " : "Imported: "}
          {r.statementRef}, {r.lines} lines, {r.matched} matched, {r.disputes} disputes.
        </p>
      )}
    />
  );
}
