"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A key or secret, shown the one time the server returns it: only its hash (or the client row) is kept. */
export function OneTimeSecret({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="grid gap-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p className="font-medium text-amber-900">{label}: copy it now, it will not be shown again.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-white px-2 py-1 font-mono text-xs break-all select-all ring-1 ring-amber-200">
          {value}
        </code>
        <Button
          size="sm"
          onClick={() =>
            navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
