import Link from "next/link";
import type { ReactNode } from "react";
import { currentSession } from "@/server/auth";
import { signOutAction } from "./actions";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  const user = session?.user;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between px-4 py-3">
          <Link href="/" className="font-semibold tracking-tight">
            ✈︎ My bookings
          </Link>
          <nav className="flex items-center gap-4 text-sm">
            {user?.role === "ops" && (
              <Link href="/ops" className="text-slate-600 hover:text-slate-900">
                Ops console
              </Link>
            )}
            {user ? (
              <form action={signOutAction}>
                <span className="mr-3 text-slate-500">{user.role === "guest" ? "Guest access" : user.email}</span>
                <button className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50">Sign out</button>
              </form>
            ) : (
              <Link href="/signin" className="rounded-md bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700">
                Sign in
              </Link>
            )}
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8">{children}</main>
    </div>
  );
}
