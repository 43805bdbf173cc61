"use client";
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  ["/ops", "Dashboard"],
  ["/ops/bookings", "Bookings"],
  ["/ops/disputes", "Disputes"],
  ["/ops/refunds", "Refunds"],
  ["/ops/follow-ups", "Follow-ups"],
  ["/ops/alerts", "Alerts"],
  ["/ops/providers", "Providers"],
  ["/ops/webhooks", "Webhooks"],
  ["/ops/outbox", "Outbox"],
  ["/ops/automation", "Automation"],
  ["/ops/api-clients", "API clients"],
  ["/ops/intake", "Intake log"],
  ["/ops/imports", "Imports"],
  ["/ops/jobs", "Jobs"],
  ["/ops/reports", "Reports"],
] as const;

export function OpsNav() {
  const path = usePathname();
  return (
    <nav className="flex flex-col gap-0.5 px-2 text-sm">
      {links.map(([href, text]) => {
        const active = href === "/ops" ? path === "/ops" : path.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
            className={clsx(
              "rounded-md px-2 py-1.5",
              active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {text}
          </Link>
        );
      })}
    </nav>
  );
}
