"use client";
import { useEffect } from "react";
import { Button } from "./button";
import { StatePanel } from "./route-states";

/**
 * An error.tsx's body. The thrown message is never shown (in production a server error's message is
 * a generic line, and a client error's may be internals): a plain sentence, the digest to quote to
 * support (it matches the server log), a retry and a way back.
 */
export function ErrorState({
  error,
  retry,
  back,
}: {
  error: unknown;
  retry: () => void;
  back: { href: string; label: string };
}) {
  useEffect(() => console.error(error), [error]);
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <StatePanel
      title="Something went wrong"
      back={back}
      actions={
        <Button variant="primary" onClick={retry}>
          Try again
        </Button>
      }
    >
      <p role="alert">
        This page could not be shown. Try again in a moment; if it keeps failing, go back and start over.
      </p>
      {digest && <p className="mt-2 text-xs text-slate-500">Reference for support: {digest}</p>}
    </StatePanel>
  );
}
