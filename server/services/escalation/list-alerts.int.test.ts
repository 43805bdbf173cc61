import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { callerAs, sessions } from "@/tests/sessions";
import { QUEUE_SHOWN as QUEUE_SIZE } from "@/server/services/paging/queue";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops());

const insert = async (
  rows: {
    severity: "low" | "medium" | "high" | "critical";
    status?: "open" | "acknowledged" | "resolved";
    at: string;
  }[],
) => {
  const ids: string[] = [];
  for (const r of rows) {
    const [a] = await db
      .insert(alerts)
      .values({ severity: r.severity, status: r.status ?? "open", source: "paging_test", title: `Alert at ${r.at}` })
      .returning({ id: alerts.id });
    await db.execute(sql`update alerts set created_at = ${r.at} where id = ${a.id}`);
    ids.push(a.id);
  }
  return ids;
};

describe("alerts inbox pages", () => {
  it("the resolved and all views page by keyset, newest first, even within one millisecond", async () => {
    const ids = await insert(
      ["000300", "000200", "000100"].map((micro) => ({
        severity: "low" as const,
        status: "resolved" as const,
        at: `2100-01-01 00:00:00.${micro}+00`,
      })),
    );
    await expectKeysetPaging((p) => ops.ops.alerts.list({ status: ["resolved"], ...p }), ids);
    await expectKeysetPaging((p) => ops.ops.alerts.list({ ...p }), ids);
    const resolved = await ops.ops.alerts.list({ status: ["resolved"], severity: ["low"] });
    expect(resolved).toMatchObject({ view: "history", more: 0 });
  });

  it("the queue of unresolved alerts: most severe first, the top of it, and how many more (capped)", async () => {
    await insert([
      { severity: "critical", at: "2000-01-01 00:00:00+00" },
      { severity: "low", status: "acknowledged", at: "2099-01-01 00:00:00+00" },
      { severity: "critical", at: "2001-01-01 00:00:00+00" },
    ]);
    const queue = await ops.ops.alerts.list({ status: ["open", "acknowledged"] });
    expect(queue).toMatchObject({ view: "queue", newer: null, older: null, more: 0 });
    expect(queue.rows.map((r) => [r.severity, r.createdAt.toISOString().slice(0, 4)])).toEqual([
      ["critical", "2001"],
      ["critical", "2000"],
      ["low", "2099"],
    ]);
    await db.execute(sql`insert into alerts (severity, source, title)
      select 'medium', 'paging_test', 'Bulk ' || g from generate_series(1, ${QUEUE_SIZE + 1_005}) g`);
    const full = await ops.ops.alerts.list({ status: ["open", "acknowledged"] });
    expect(full.rows).toHaveLength(QUEUE_SIZE);
    expect(full).toMatchObject({ more: 1_000, moreIsCapped: true });
    const open = await ops.ops.alerts.list({ status: ["open"], severity: ["critical", "low"] });
    expect(open).toMatchObject({ more: 0, moreIsCapped: false });
    expect(open.rows.map((r) => r.severity)).toEqual(["critical", "critical"]);
  });
});
