"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/server/trpc/react";

const button =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:border-slate-500 disabled:opacity-50";
const input = "rounded-md border border-slate-300 px-2 py-1 text-xs";

/** Resolve with a note (what was done), or take it (owner). */
export function FollowUpActions({ followUpId, owner, me }: { followUpId: string; owner: string | null; me: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState("");
  const [open, setOpen] = useState(false);
  const resolve = useMutation(trpc.ops.followUps.resolve.mutationOptions({ onSuccess: () => router.refresh() }));
  const assign = useMutation(trpc.ops.followUps.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = resolve.error ?? assign.error;
  return (
    <div className="flex flex-col items-start gap-1">
      {!open ? (
        <span className="inline-flex gap-2">
          <button type="button" className={button} onClick={() => setOpen(true)}>
            Resolve…
          </button>
          {owner !== me && (
            <button
              type="button"
              className={button}
              disabled={assign.isPending}
              onClick={() => assign.mutate({ followUpId, owner: me })}
            >
              Take it
            </button>
          )}
        </span>
      ) : (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate({ followUpId, note });
          }}
        >
          <label className="sr-only" htmlFor={`note-${followUpId}`}>
            Resolution note
          </label>
          <input
            id={`note-${followUpId}`}
            className={input}
            placeholder="What was done"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            required
            maxLength={2000}
          />
          <button type="submit" className={button} disabled={resolve.isPending || !note.trim()}>
            {resolve.isPending ? "Resolving…" : "Resolve"}
          </button>
        </form>
      )}
      {error && (
        <span role="alert" className="text-xs text-rose-700">
          {error.message}
        </span>
      )}
    </div>
  );
}
