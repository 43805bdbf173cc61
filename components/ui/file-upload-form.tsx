"use client";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useRef, useState } from "react";
import { ErrorText } from "./error-text";
import { SubmitButton } from "./submit-button";

/**
 * Sends a file as the request body (the server streams it, never reading it whole), its name in a
 * header; the answer's `message` is the error shown when the upload is refused.
 */
export async function postFile<T>(
  url: string,
  contentType: string,
  file: File,
  isAnswer: (b: T) => boolean,
): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": contentType, "x-file-name": encodeURIComponent(file.name) },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!res.ok || !body || !isAnswer(body)) throw new Error(body?.message ?? `The upload failed (HTTP ${res.status})`);
  return body;
}

type Props<T> = {
  title: string;
  fileLabel: string;
  accept: string;
  submitLabel: string;
  pendingLabel: string;
  send: (file: File) => Promise<T>;
  onSent: () => void | Promise<void>;
  /** What to say about the last answer. */
  sent?: (answer: T) => ReactNode;
};

/** One file picker and a submit button; the picker is cleared after a successful upload. */
export function FileUploadForm<T>({
  title,
  fileLabel,
  accept,
  submitLabel,
  pendingLabel,
  send,
  onSent,
  sent,
}: Props<T>) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const m = useMutation({
    mutationFn: send,
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = "";
      await onSent();
    },
  });
  return (
    <form
      aria-label={title}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) m.mutate(file);
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">{fileLabel}</span>
        <input
          ref={input}
          type="file"
          accept={accept}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="text-sm"
        />
      </label>
      <SubmitButton pending={m.isPending} pendingLabel={pendingLabel} disabled={!file}>
        {submitLabel}
      </SubmitButton>
      {m.data !== undefined && sent?.(m.data)}
      <ErrorText error={m.error} />
    </form>
  );
}
