import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "./button";

/** A page-sized message (not found, failed) with a way back; the heading is the page's heading. */
export function StatePanel({
  title,
  children,
  back,
  actions,
}: {
  title: string;
  children: ReactNode;
  back: { href: string; label: string };
  actions?: ReactNode;
}) {
  return (
    <section aria-labelledby="state-title" className="mx-auto max-w-lg py-12 text-center">
      <h1 id="state-title" className="text-xl font-semibold tracking-tight">
        {title}
      </h1>
      <div className="mt-2 text-sm text-slate-600">{children}</div>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        {actions}
        <Link href={back.href} className={buttonClass("secondary")}>
          {back.label}
        </Link>
      </div>
    </section>
  );
}

/** What a segment shows while its server components load: a few grey bars, announced once. */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-3 py-2">
      <span className="sr-only">{label}</span>
      <div aria-hidden className="h-6 w-48 rounded bg-slate-200" />
      <div aria-hidden className="h-4 w-full max-w-xl rounded bg-slate-200" />
      <div aria-hidden className="h-4 w-full max-w-md rounded bg-slate-200" />
      <div aria-hidden className="h-32 w-full rounded-lg bg-slate-200" />
    </div>
  );
}
