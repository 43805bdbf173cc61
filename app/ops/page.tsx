import { PageHeader } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import { DailyBookingsChart, StatusChart } from "@/components/ops/dashboard/charts";
import { CriticalItems } from "@/components/ops/dashboard/critical-items";
import { MoneyCheckLine } from "@/components/ops/dashboard/money-check-line";
import {
  IssueTiles,
  PerformanceTiles,
  ProviderHealth,
  RevenueTable,
  VolumeTiles,
} from "@/components/ops/dashboard/metric-tiles";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Dashboard" };

export default async function Dashboard() {
  const api = await opsCaller();
  const [{ metrics: m, critical }, moneyCheck] = await Promise.all([
    api.ops.dashboard.overview(),
    api.ops.moneyCheck.latest(),
  ]);
  const statuses = Object.entries(m.statusBreakdown)
    .map(([status, n]) => ({ status, n: n ?? 0 }))
    .sort((a, b) => b.n - a.n);
  return (
    <div className="space-y-8">
      <PageHeader title="Dashboard">
        <span className="text-xs text-slate-500">as of {when(m.asOf)} UTC</span>
      </PageHeader>
      <MoneyCheckLine run={moneyCheck} />
      <Section title="Critical items">
        <CriticalItems critical={critical} now={m.asOf} />
      </Section>
      <Section title="Issues">
        <IssueTiles m={m} />
      </Section>
      <Section title="Volume">
        <VolumeTiles m={m} />
      </Section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Bookings per day, last 30 days">
          <Card>
            <DailyBookingsChart data={m.daily} />
          </Card>
        </Section>
        <Section title="Bookings by status">
          <Card>
            <StatusChart data={statuses} />
          </Card>
        </Section>
      </div>
      <Section title="Performance">
        <PerformanceTiles m={m} />
      </Section>
      <Section title="Revenue per currency">
        <RevenueTable m={m} />
      </Section>
      <Section title="Provider health">
        <ProviderHealth m={m} />
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {children}
    </section>
  );
}
function Card({ children }: { children: React.ReactNode }) {
  return <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">{children}</div>;
}
