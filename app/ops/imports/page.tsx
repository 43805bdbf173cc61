import { ImportRuns } from "@/components/ops/imports/import-runs";
import { UploadForm } from "@/components/ops/imports/upload-form";
import { PageHeader } from "@/components/ui/data-table";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Imports" };

/** Importing existing bookings (docs/architecture.md, "Imports"): upload an NDJSON file, follow its runs. */
export default async function ImportsPage() {
  const api = await opsCaller();
  const runs = await api.ops.imports.list();
  return (
    <div>
      <PageHeader title="Imports" />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        One booking per line, in the intake API&apos;s body (version 1) with the booking&apos;s{" "}
        <code className="font-mono">status</code>, each item&apos;s <code className="font-mono">status</code>, the{" "}
        <code className="font-mono">refunds</code> already paid and a key:{" "}
        <code className="font-mono">checkoutSessionId</code> or <code className="font-mono">platformBookingId</code>. A
        row already imported under its key is counted as a duplicate, never stored twice; refused lines go to the
        run&apos;s error file. Up to 100 MB per file; the same import runs from a terminal with{" "}
        <code className="font-mono">npm run import -- file.ndjson</code>.
      </p>
      <UploadForm />
      <div className="mt-6">
        <ImportRuns initial={runs} />
      </div>
    </div>
  );
}
