import Link from "next/link";
import { z } from "zod";
import { IntakeLogTable } from "@/components/ops/intake/intake-log-table";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { label } from "@/components/ui/format";
import { listHref, Pager } from "@/components/ui/pager";
import { Select } from "@/components/ui/select";
import { intakeOutcomes } from "@/server/domain/intake/outcomes";
import { intakeLogFilters } from "@/server/services/intake/list-intake-log";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Intake log" };

/** Every request to the intake API, newest first, a keyset page at a time; filters and the page are in the URL. */
export default async function IntakeLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const parsed = z.object(intakeLogFilters).safeParse({
    outcome: sp.outcome || undefined,
    clientId: sp.client || undefined,
  });
  const filters = parsed.success ? parsed.data : {};
  const api = await opsCaller();
  const [page, clients] = await Promise.all([
    api.ops.intake.log({ ...filters, before: sp.before, after: sp.after }),
    api.ops.apiClients.list(),
  ]);
  const href = (p: { before?: string; after?: string }) =>
    listHref("/ops/intake", { outcome: filters.outcome, client: filters.clientId, ...p });
  return (
    <div>
      <PageHeader title="Intake log">
        <div className="flex gap-4 text-sm">
          <Link href="/ops/api-clients" className="text-sky-700 hover:underline">
            API clients
          </Link>
          <a href="/api/v1/openapi.json" className="text-sky-700 hover:underline">
            OpenAPI document
          </a>
        </div>
      </PageHeader>
      <form className="mb-4 flex flex-wrap items-end gap-2 text-sm" aria-label="Filter intake requests">
        <Field label="Outcome" hideLabel>
          <Select
            name="outcome"
            defaultValue={filters.outcome ?? ""}
            placeholder="Any outcome"
            options={intakeOutcomes.map((o) => ({ value: o, label: label(o) }))}
          />
        </Field>
        <Field label="Client" hideLabel>
          <Select
            name="client"
            defaultValue={filters.clientId ?? ""}
            placeholder="All clients"
            options={clients.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Field>
        <Button type="submit" variant="primary">
          Filter
        </Button>
      </form>
      <IntakeLogTable rows={page.rows} />
      <Pager newer={page.newer} older={page.older} href={href} label="Intake log pages" />
    </div>
  );
}
