import { BookingsTable } from "@/components/ops/bookings-table";
import { filtersFromParams } from "@/components/ops/booking-filters";
import { PageHeader } from "@/components/ui/data-table";
import { getQueryClient, HydrateClient, opsCaller, trpc } from "@/server/trpc/server";

export const metadata = { title: "Bookings" };

export default async function BookingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filters = filtersFromParams(await searchParams);
  const api = await opsCaller();
  // The first page is rendered on the server; paging and filtering then run through the hooks.
  void getQueryClient().prefetchQuery(trpc.ops.bookings.search.queryOptions(filters));
  const providers = await api.ops.providers.list();
  return (
    <div>
      <PageHeader title="Bookings" />
      <HydrateClient>
        <BookingsTable providers={providers.map((p) => ({ code: p.code, name: p.name }))} />
      </HydrateClient>
    </div>
  );
}
