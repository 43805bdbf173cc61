import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { manualFollowUps } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { callerAs, sessions } from "@/tests/sessions";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops());

/** Follow-ups with the given time in `column`, in the order given. */
const insert = async (
  column: "due_at" | "resolved_at" | "created_at",
  times: string[],
  resolved = false,
  owner?: string,
) => {
  const ids: string[] = [];
  for (const at of times) {
    const [f] = await db
      .insert(manualFollowUps)
      .values({ kind: "paging_test", title: `Task ${at}`, dueAt: new Date("2050-01-01"), resolved, owner })
      .returning({ id: manualFollowUps.id });
    await db.execute(sql`update manual_follow_ups set ${sql.raw(column)} = ${at} where id = ${f.id}`);
    ids.push(f.id);
  }
  return ids;
};
const micro = (base: string, ...us: string[]) => us.map((u) => `${base}.${u}+00`);

describe("follow-up pages", () => {
  it("the open queue pages soonest due first, even within one millisecond, and back", async () => {
    const ids = await insert("due_at", micro("1999-01-01 00:00:00", "000100", "000200", "000300"));
    await expectKeysetPaging((p) => ops.ops.followUps.list({ state: "open", ...p }), ids);
    const mine = await insert(
      "due_at",
      micro("1998-06-01 00:00:00", "000100", "000200", "000300"),
      false,
      "ana@ops.test",
    );
    await expectKeysetPaging((p) => ops.ops.followUps.list({ owner: "ana@ops.test", ...p }), mine);
  });

  it("resolved ones page newest resolved first", async () => {
    const ids = await insert("resolved_at", micro("2100-01-01 00:00:00", "000300", "000200", "000100"), true);
    await expectKeysetPaging((p) => ops.ops.followUps.list({ state: "resolved", ...p }), ids);
    const page = await ops.ops.followUps.list({ state: "resolved", limit: 3 });
    expect(page.rows.every((r) => r.resolved)).toBe(true);
  });

  it("all of them page newest first", async () => {
    const ids = await insert("created_at", micro("2101-01-01 00:00:00", "000300", "000200", "000100"));
    await expectKeysetPaging((p) => ops.ops.followUps.list({ state: "all", ...p }), ids);
  });
});
