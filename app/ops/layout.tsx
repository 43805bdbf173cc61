import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { OpsNav } from "@/components/ops/nav";
import { currentSession } from "@/server/auth";

// The section guard; the data itself is guarded again by every ops procedure.
export default async function OpsLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  if (!session) redirect("/signin?callbackUrl=/ops");
  if (session.user.role !== "ops") notFound();
  return (
    <div className="flex min-h-screen">
      <aside className="w-52 shrink-0 border-r border-slate-200 bg-white">
        <Link href="/ops" className="block px-4 py-4 font-semibold tracking-tight">
          Booking ops
        </Link>
        <OpsNav />
        <p className="px-4 py-3 text-xs text-slate-400">{session.user.email}</p>
      </aside>
      <main className="min-w-0 flex-1 px-6 py-6">{children}</main>
    </div>
  );
}
