"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";

/** A destructive action asked twice: the first click says what will happen, the second does it. */
export function ConfirmButton({
  label,
  question,
  pending,
  error,
  onConfirm,
}: {
  label: string;
  question: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <span className="inline-flex flex-wrap items-center gap-2 text-xs">
      {asking ? (
        <>
          <span className="text-slate-700">{question}</span>
          <Button size="sm" variant="danger" pending={pending} onClick={onConfirm}>
            {label}
          </Button>
          <Button size="sm" disabled={pending} onClick={() => setAsking(false)}>
            Keep
          </Button>
        </>
      ) : (
        <Button size="sm" onClick={() => setAsking(true)}>
          {label}
        </Button>
      )}
      <ErrorText inline error={error} />
    </span>
  );
}
