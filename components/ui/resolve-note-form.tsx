"use client";
import { useState } from "react";
import { fieldErrorOf } from "./error-message";
import { Field } from "./field";
import { Input } from "./input";
import { SubmitButton } from "./submit-button";

/** "Resolve" with the note a human writes about what was done (follow-ups, payout disputes). */
export function ResolveNoteForm({
  title,
  placeholder,
  maxLength,
  pending,
  error,
  onResolve,
}: {
  title: string;
  placeholder: string;
  maxLength: number;
  pending: boolean;
  error: unknown;
  onResolve: (note: string) => void;
}) {
  const [note, setNote] = useState("");
  return (
    <form
      aria-label={title}
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onResolve(note);
      }}
    >
      <Field label="Resolution note" hideLabel error={fieldErrorOf(error, "note")}>
        <Input
          size="sm"
          placeholder={placeholder}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required
          maxLength={maxLength}
          autoFocus
        />
      </Field>
      <SubmitButton variant="secondary" size="sm" pending={pending} pendingLabel="Resolving…" disabled={!note.trim()}>
        Resolve
      </SubmitButton>
    </form>
  );
}
