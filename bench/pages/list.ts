// Every console and portal page (app/**/page.tsx) with its main search parameters, each in a few
// variants whose ids, filters and search terms are picked at random from the database.
import type { Sql } from "postgres";
import { demoFixtures } from "@/db/seed/fixtures";
import { intakeOutcomes } from "@/server/domain/intake/outcomes";
import { bookingStatuses, commStatuses, itemCategories, severities } from "@/server/domain/statuses";
import { webhookStates } from "@/server/services/provider-events/webhook-log";
import type { Call, Jar } from "./http";
import type { Statement } from "./sql";

export type Variant = { path: string; jar: Jar | null; trpc: Call[]; statements: Statement[] };
export type Target = { label: string; variants: Variant[] };
export type Sessions = { ops: Jar; traveler: Jar; guests: { jar: Jar; reference: string }[] };

/** Random rows of one column (none when the table is empty). */
const some = async (sql: Sql, query: string, n: number) =>
  (await sql.unsafe<{ v: string }[]>(`select v from (${query}) s order by random() limit ${n}`)).map((r) => r.v);

/** Guests to sign in: random bookings' reference and lead last name. */
export const guestBookings = (sql: Sql, n: number) =>
  sql<{ reference: string; lastName: string }[]>`
    select booking_reference as reference, lead_last_name as "lastName" from bookings order by random() limit ${n}`;

export async function buildTargets(sql: Sql, s: Sessions, n: number): Promise<{ targets: Target[]; notes: string[] }> {
  const email = demoFixtures.traveler.email;
  const [bookingIds, lastNames, disputes, messages, webhooks, runs, providers, eventTypes, own, intents] =
    await Promise.all([
      some(sql, "select id::text as v from bookings", n),
      some(
        sql,
        "select lower(left(lead_last_name, 4)) as v from bookings where left(lead_last_name, 4) ~ '[[:alnum:]]{3}'",
        n,
      ),
      some(sql, "select id::text as v from disputes", n),
      some(sql, "select id::text as v from booking_communications", n),
      some(sql, "select id::text as v from provider_webhooks", n),
      some(sql, "select id::text as v from job_runs", n),
      some(sql, "select code as v from providers", n),
      some(sql, "select distinct event_type as v from provider_webhooks", n),
      some(
        sql,
        `select booking_reference as v from bookings
         where user_id = (select id from users where lower(email) = '${email}') or lower(contact_email) = '${email}'`,
        n,
      ),
      some(sql, "select id as v from local_gateway_payment_intents", 1),
    ]);
  // Keyset cursors at random rows (server/domain/page-cursor.ts): the lists' later pages.
  const cursorsOf = async (table: string, time = "created_at") =>
    (await some(sql, `select ${time}::text || '|' || id as v from ${table}`, n)).map((v) =>
      Buffer.from(v).toString("base64url"),
    );
  const [messageCursors, webhookCursors, disputeCursors] = await Promise.all([
    cursorsOf("booking_communications"),
    cursorsOf("provider_webhooks", "received_at"),
    cursorsOf("disputes"),
  ]);
  const at = <T>(xs: readonly T[], i: number) => xs[i % xs.length];
  const notes: string[] = [];
  const targets: Target[] = [];
  /** A page in up to n variants (distinct paths); skipped (with a note) when it needs rows the database does not have. */
  const page = (label: string, jar: Jar | null, path: (i: number) => string, needs: readonly unknown[] = [1]) => {
    if (needs.length === 0) return void notes.push(`${label}: skipped, no rows to open in this database`);
    targets.push({
      label,
      variants: [...new Set(Array.from({ length: n }, (_, i) => path(i)))].map((p) => ({
        path: p,
        jar,
        trpc: [],
        statements: [],
      })),
    });
  };
  const ops = s.ops;
  const q = (params: Record<string, string | number | undefined>) =>
    `?${new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][])}`;
  const statuses = ["confirmed", "cancelled", "pending", "ticketed", "completed"].filter((x) =>
    (bookingStatuses as readonly string[]).includes(x),
  );

  page("/ops (dashboard)", ops, () => "/ops");
  page("/ops/bookings", ops, () => "/ops/bookings");
  page("/ops/bookings?open=issue", ops, () => "/ops/bookings?open=issue");
  page("/ops/bookings?open=cancellation", ops, () => "/ops/bookings?open=cancellation");
  page("/ops/bookings?status=…", ops, (i) => `/ops/bookings${q({ status: at(statuses, i) })}`);
  page("/ops/bookings?q=<last name>", ops, (i) => `/ops/bookings${q({ q: at(lastNames, i) })}`, lastNames);
  page(
    "/ops/bookings?category=…",
    ops,
    (i) => `/ops/bookings${q({ category: i === 0 ? "hotel" : at(itemCategories, i) })}`,
  );
  page("/ops/bookings?page=N", ops, (i) => `/ops/bookings${q({ page: 2 + ((i * 7) % 40) })}`);
  page("/ops/bookings/[id]", ops, (i) => `/ops/bookings/${at(bookingIds, i)}`, bookingIds);
  page("/ops/bookings/[id]/act", ops, (i) => `/ops/bookings/${at(bookingIds, i)}/act`, bookingIds);
  page("/ops/disputes", ops, () => "/ops/disputes");
  page(
    "/ops/disputes?filter=…",
    ops,
    (i) => `/ops/disputes${q({ filter: at(["needs_evidence", "closed", "all"], i) })}`,
  );
  page("/ops/disputes/[id]", ops, (i) => `/ops/disputes/${at(disputes, i)}`, disputes);
  page("/ops/refunds", ops, () => "/ops/refunds");
  page("/ops/follow-ups", ops, () => "/ops/follow-ups");
  page("/ops/follow-ups?state=…", ops, (i) => `/ops/follow-ups${at(["?state=resolved", "?state=all", "?mine=1"], i)}`);
  page("/ops/alerts", ops, () => "/ops/alerts");
  page(
    "/ops/alerts?severity=…&status=…",
    ops,
    (i) => `/ops/alerts${q({ severity: at(severities, i), status: at(["open", "acknowledged", "resolved"], i) })}`,
  );
  page("/ops/webhooks", ops, () => "/ops/webhooks");
  page(
    "/ops/webhooks?provider=…&state=…",
    ops,
    (i) =>
      `/ops/webhooks${q({ provider: providers.length ? at(providers, i) : undefined, state: at(webhookStates, i) })}`,
  );
  page(
    "/ops/webhooks?type=…",
    ops,
    (i) => `/ops/webhooks${q({ type: eventTypes.length ? at(eventTypes, i) : undefined })}`,
  );
  page("/ops/webhooks/[id]", ops, (i) => `/ops/webhooks/${at(webhooks, i)}`, webhooks);
  page("/ops/outbox", ops, () => "/ops/outbox");
  page("/ops/outbox?before=<cursor>", ops, (i) => `/ops/outbox${q({ before: at(messageCursors, i) })}`, messageCursors);
  page(
    "/ops/webhooks?before=<cursor>",
    ops,
    (i) => `/ops/webhooks${q({ before: at(webhookCursors, i) })}`,
    webhookCursors,
  );
  page(
    "/ops/disputes?filter=all&before=<cursor>",
    ops,
    (i) => `/ops/disputes${q({ filter: "all", before: at(disputeCursors, i) })}`,
    disputeCursors,
  );
  page(
    "/ops/outbox?status=…&channel=…",
    ops,
    (i) => `/ops/outbox${q({ status: at(commStatuses, i), channel: at(["email", "sms", "push"], i) })}`,
  );
  page("/ops/outbox/[id]", ops, (i) => `/ops/outbox/${at(messages, i)}`, messages);
  page("/ops/jobs", ops, () => "/ops/jobs");
  page("/ops/jobs/[runId]", ops, (i) => `/ops/jobs/${at(runs, i)}`, runs);
  page("/ops/providers", ops, () => "/ops/providers");
  page(
    "/ops/providers/[code]/payouts",
    ops,
    (i) => `/ops/providers/${at(providers, i)}/payouts${q({ status: at(["open", undefined], i) })}`,
    providers,
  );
  page("/ops/automation", ops, () => "/ops/automation");
  page("/ops/api-clients", ops, () => "/ops/api-clients");
  page("/ops/intake", ops, () => "/ops/intake");
  page("/ops/imports", ops, () => "/ops/imports");
  page("/ops/intake?outcome=…", ops, (i) => `/ops/intake${q({ outcome: at(intakeOutcomes, i) })}`);
  page("/ops/reports", ops, () => "/ops/reports");
  page("/ops/money-check", ops, () => "/ops/money-check");
  page("/ (my bookings, traveler)", s.traveler, () => "/");
  page("/bookings/[reference] (traveler)", s.traveler, (i) => `/bookings/${at(own, i)}`, own);
  if (s.guests.length)
    targets.push({
      label: "/bookings/[reference] (guest)",
      variants: Array.from({ length: n }, (_, i) => {
        const g = at(s.guests, i);
        return { path: `/bookings/${g.reference}`, jar: g.jar, trpc: [], statements: [] };
      }),
    });
  else notes.push("/bookings/[reference] (guest): skipped, no bookings");
  page("/signin", null, () => "/signin");
  page("/pay/authenticate/[intentId]", s.traveler, () => `/pay/authenticate/${intents[0]}`, intents);
  return { targets, notes };
}
