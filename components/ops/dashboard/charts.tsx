"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// The dashboard's two charts. The server computes every figure; these only draw them.

export function DailyBookingsChart({ data }: { data: { day: string; bookings: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} tickLine={false} minTickGap={16} />
        <YAxis fontSize={11} tickLine={false} axisLine={false} width={48} allowDecimals={false} />
        <Tooltip formatter={(v) => [Number(v).toLocaleString("en-US"), "bookings"]} />
        <Bar dataKey="bookings" fill="#0f172a" radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function StatusChart({ data }: { data: { status: string; n: number }[] }) {
  return (
    // Tall enough for every status to keep its label (recharts drops labels that would overlap).
    <ResponsiveContainer width="100%" height={Math.max(220, 24 + data.length * 18)}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" fontSize={11} tickLine={false} allowDecimals={false} />
        <YAxis
          type="category"
          dataKey="status"
          fontSize={11}
          tickLine={false}
          axisLine={false}
          width={120}
          interval={0}
          tickFormatter={(s: string) => s.replaceAll("_", " ")}
        />
        <Tooltip formatter={(v) => [Number(v).toLocaleString("en-US"), "bookings"]} />
        <Bar dataKey="n" fill="#0369a1" radius={[0, 2, 2, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
