"use client";
import { useEffect, useState } from "react";

/** "in 2 d 5 h", "in 40 min", "3 h overdue": the evidence deadline from the viewer's clock, refreshed each minute. */
export function dueIn(to: Date, now: number): { text: string; tone: "ok" | "soon" | "urgent" | "overdue" } {
  const ms = to.getTime() - now;
  const abs = Math.abs(ms),
    m = Math.floor(abs / 60_000),
    h = Math.floor(m / 60),
    d = Math.floor(h / 24);
  const span = d > 0 ? `${d} d ${h % 24} h` : h > 0 ? `${h} h ${m % 60} min` : `${m} min`;
  if (ms <= 0) return { text: `${span} overdue`, tone: "overdue" };
  return { text: `in ${span}`, tone: ms <= 24 * 3_600_000 ? "urgent" : ms <= 72 * 3_600_000 ? "soon" : "ok" };
}

const tones = {
  ok: "text-slate-700",
  soon: "font-medium text-amber-700",
  urgent: "font-semibold text-rose-700",
  overdue: "font-semibold text-white bg-rose-700 rounded px-1",
};

export function Countdown({ to }: { to: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  const d = dueIn(new Date(to), now);
  return (
    <time dateTime={to} className={tones[d.tone]}>
      {d.text}
    </time>
  );
}
