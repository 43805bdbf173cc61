import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { providerWebhooks } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { callerAs, sessions } from "@/tests/sessions";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops());

const insert = async (provider: string, micros: string[], error: string | null = null) => {
  const ids: string[] = [];
  for (const micro of micros) {
    const [w] = await db
      .insert(providerWebhooks)
      .values({
        providerCode: provider,
        webhookId: `wh-${provider}-${micro}`,
        eventType: "booking.cancelled",
        payload: {},
        matchError: error,
      })
      .returning({ id: providerWebhooks.id });
    await db.execute(
      sql`update provider_webhooks set received_at = ${`2100-01-01 00:00:00.${micro}+00`} where id = ${w.id}`,
    );
    ids.push(w.id);
  }
  return ids;
};

describe("webhook log pages", () => {
  it("pages by keyset, newest first, even within one millisecond, with its filters kept", async () => {
    const unmatched = await insert("paging_a", ["000600", "000500", "000400"], "No booking item");
    await expectKeysetPaging(
      (p) => ops.ops.webhooks.list({ provider: "paging_a", state: "unmatched", ...p }),
      unmatched,
    );
    const all = await insert("paging_b", ["000900", "000800", "000700"]);
    await expectKeysetPaging((p) => ops.ops.webhooks.list(p), [...all, ...unmatched]);
    await expectKeysetPaging((p) => ops.ops.webhooks.list({ state: "pending", ...p }), all);
    expect((await ops.ops.webhooks.list({ state: "unmatched", provider: "paging_b" })).rows).toEqual([]);
  });
});
