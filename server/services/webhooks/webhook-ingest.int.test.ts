import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/providers/[provider]/route";
import { createWebhookFastPath, type WebhookFastPath } from "@/server/webhooks/fast-path";
import { createTestDb } from "@/tests/db";
import { provideDb } from "@/db/client";
import { createProviderSecrets } from "./provider-secrets";
import type { VerifiedWebhook } from "./envelope";
import { signWebhook } from "./signature";
import {
  insertTestProviders,
  signedHeaders,
  testProviders,
  uniquePrefix,
  webhookBody,
} from "@/tests/fixtures/webhooks";

// Webhook ingestion over HTTP against a real PostgreSQL, through both entry points: the Next route
// handler (its exported POST, called with a Request) and the fast path on a plain node:http server
// mounted the way the launcher mounts it (anything it declines goes to "Next", here a 418).

const db = await createTestDb();
provideDb(db); // what getDb() returns inside the route

type Reply = { status: number; json: Record<string, unknown> };
type Post = (provider: string, body: string, headers: Record<string, string>) => Promise<Reply>;

let server: Server;
let base = "";
let fastPath: WebhookFastPath;

beforeAll(async () => {
  await insertTestProviders(db);
  // A real database failure on demand: webhook ids starting "boom" fail the insert; events of type
  // "boom.outbox" fail the outbox insert that follows it in the same statement.
  await db.$sql.unsafe(`
    create function test_boom_webhook() returns trigger language plpgsql as $$
    begin if new.webhook_id like 'boom%' then raise exception 'boom webhook'; end if; return new; end $$;
    create function test_boom_outbox() returns trigger language plpgsql as $$
    begin if new.data->>'type' = 'boom.outbox' then raise exception 'boom outbox'; end if; return new; end $$;
    create trigger test_boom before insert on provider_webhooks for each row execute function test_boom_webhook();
    create trigger test_boom before insert on outbox for each row execute function test_boom_outbox();`);
  fastPath = createWebhookFastPath(db, { secrets: createProviderSecrets(db, { minReloadMs: 0 }) });
  server = createServer((req, res) => {
    fastPath(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 418;
        res.end("next");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fastPath.drain();
  await new Promise((r) => server.close(r));
});

const viaRoute: Post = async (provider, body, headers) => {
  const res = await POST(
    new Request(`http://app/api/webhooks/providers/${provider}`, { method: "POST", body, headers }),
    { params: Promise.resolve({ provider }) },
  );
  return { status: res.status, json: await res.json() };
};
const viaFastPath: Post = async (provider, body, headers) => {
  const res = await fetch(`${base}/api/webhooks/providers/${provider}`, { method: "POST", body, headers });
  return { status: res.status, json: await res.json() };
};

/** Rows stored under this id prefix, and their `provider_webhook/received` outbox events. */
async function stored(prefix: string) {
  const [r] = await db.$sql<{ rows: number; events: number; rows_with_one_event: number }[]>`
    select (select count(*)::int from provider_webhooks where webhook_id like ${`${prefix}%`}) as rows,
           (select count(*)::int from outbox o join provider_webhooks w on w.id = (o.data->>'webhookRowId')::uuid
             where o.name = 'provider_webhook/received' and w.webhook_id like ${`${prefix}%`}) as events,
           (select count(*)::int from provider_webhooks w where w.webhook_id like ${`${prefix}%`}
             and (select count(*) from outbox o where o.name = 'provider_webhook/received' and (o.data->>'webhookRowId')::uuid = w.id) = 1) as rows_with_one_event`;
  return r;
}

describe.each([
  ["route handler", viaRoute],
  ["fast path", viaFastPath],
] as const)("webhook ingest via %s", (_, post) => {
  it("stores a valid webhook once, with its outbox event, and answers a retry as a duplicate", async () => {
    const p = uniquePrefix("ok");
    const body = webhookBody(`${p}1`);
    const first = await post("skyway-air", body, signedHeaders("skyway-air", body));
    expect(first).toMatchObject({ status: 200, json: { ok: true, duplicate: false } });

    const [row] = await db.$sql<
      {
        id: string;
        provider_code: string;
        event_type: string;
        payload: { provider_booking_id: string };
        occurred_at: string;
        processed: boolean;
      }[]
    >`
      select id, provider_code, event_type, payload, occurred_at, processed from provider_webhooks where webhook_id = ${`${p}1`}`;
    expect(row).toMatchObject({
      id: first.json.id,
      provider_code: "skyway-air",
      event_type: "booking.schedule_changed",
      processed: false,
    });
    expect(row.payload.provider_booking_id).toBe("SW-48213");
    expect(new Date(row.occurred_at).toISOString()).toBe(JSON.parse(body).occurred_at);
    const [event] = await db.$sql<
      { data: Record<string, unknown> }[]
    >`select data from outbox where (data->>'webhookRowId')::uuid = ${row.id}`;
    expect(event.data).toEqual({ webhookRowId: row.id, provider: "skyway-air", type: "booking.schedule_changed" });

    // The provider retries (new timestamp, same event id): 200, nothing new.
    const again = await post("skyway-air", body, signedHeaders("skyway-air", body, Math.floor(Date.now() / 1000) - 10));
    expect(again).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    expect(await stored(p)).toEqual({ rows: 1, events: 1, rows_with_one_event: 1 });
  });

  it("keeps the same event id of two providers apart", async () => {
    const p = uniquePrefix("two");
    const body = webhookBody(`${p}1`);
    expect((await post("skyway-air", body, signedHeaders("skyway-air", body))).json.duplicate).toBe(false);
    expect((await post("tourly", body, signedHeaders("tourly", body))).json.duplicate).toBe(false);
    expect(await stored(p)).toEqual({ rows: 2, events: 2, rows_with_one_event: 2 });
  });

  it("refuses forged, missing, malformed, stale and future-dated signatures with 401 and stores nothing", async () => {
    const p = uniquePrefix("auth");
    const body = webhookBody(`${p}1`);
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string>[] = [
      { "x-webhook-signature": signWebhook("whsec_forged", body) },
      {},
      { "x-webhook-signature": "sha256=deadbeef" },
      signedHeaders("skyway-air", body, now - 6 * 60),
      signedHeaders("skyway-air", body, now + 6 * 60),
      // Signed for another body: the signature covers the bytes.
      signedHeaders("skyway-air", webhookBody(`${p}2`)),
    ];
    for (const headers of cases) {
      const r = await post("skyway-air", body, headers);
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await stored(p)).toMatchObject({ rows: 0, events: 0 });
  });

  it("refuses the wrong provider: another provider's secret → 401, an unknown provider → 404", async () => {
    const p = uniquePrefix("prov");
    const body = webhookBody(`${p}1`);
    expect((await post("tourly", body, signedHeaders("skyway-air", body))).status).toBe(401);
    expect(await post("nobody-air", body, signedHeaders("skyway-air", body))).toMatchObject({
      status: 404,
      json: { error: { code: "not_found" } },
    });
    expect(await stored(p)).toMatchObject({ rows: 0, events: 0 });
  });

  it("answers a signed but malformed body with 400 naming the field", async () => {
    const p = uniquePrefix("bad");
    const cases: [string, string][] = [
      ["{not json", "body"],
      [
        JSON.stringify({ type: "booking.cancelled", occurred_at: new Date().toISOString(), provider_booking_id: "X" }),
        "id",
      ],
      [webhookBody(`${p}1`, { type: undefined }), "type"],
      [webhookBody(`${p}2`, { occurred_at: "yesterday" }), "occurred_at"],
      [webhookBody(`${p}3`, { provider_booking_id: 42 }), "provider_booking_id"],
      [webhookBody(`${p}4`, { data: "nope" }), "data"],
      [JSON.stringify([1, 2]), "body"],
      [webhookBody(`${p}5`, { data: { note: "\u0000" } }), "body"],
    ];
    for (const [body, field] of cases) {
      const r = await post("skyway-air", body, signedHeaders("skyway-air", body));
      expect(r.status, body).toBe(400);
      expect(r.json).toMatchObject({ error: { code: "invalid", field } });
    }
    expect(await stored(p)).toMatchObject({ rows: 0, events: 0 });
  });

  it("answers 503 and stores nothing when the database fails, the outbox insert included", async () => {
    const body = webhookBody(`boom_${uniquePrefix("db")}`);
    expect(await post("skyway-air", body, signedHeaders("skyway-air", body))).toMatchObject({
      status: 503,
      json: { error: { code: "unavailable" } },
    });
    const p = uniquePrefix("outboxboom");
    const body2 = webhookBody(`${p}1`, { type: "boom.outbox" });
    expect((await post("skyway-air", body2, signedHeaders("skyway-air", body2))).status).toBe(503);
    expect(await stored(p)).toMatchObject({ rows: 0, events: 0 });
    const [{ n }] = await db.$sql<
      { n: number }[]
    >`select count(*)::int as n from provider_webhooks where webhook_id like 'boom%'`;
    expect(n).toBe(0);
  });

  it("stores exactly the distinct events of 200 concurrent posts with 30% duplicates", async () => {
    const p = uniquePrefix("conc");
    const distinct = Array.from({ length: 140 }, (_, i) => webhookBody(`${p}${i}`));
    const posts = [...distinct, ...distinct.slice(0, 60)];
    for (let i = posts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [posts[i], posts[j]] = [posts[j], posts[i]];
    }
    const replies = await Promise.all(posts.map((body) => post("skyway-air", body, signedHeaders("skyway-air", body))));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.filter((r) => r.json.duplicate === false)).toHaveLength(140);
    expect(replies.filter((r) => r.json.duplicate === true)).toHaveLength(60);
    expect(await stored(p)).toEqual({ rows: 140, events: 140, rows_with_one_event: 140 });
  });
});

describe("fast path specifics", () => {
  it("hands every other request to the next handler", async () => {
    expect((await fetch(`${base}/api/webhooks/providers/skyway-air`)).status).toBe(418);
    expect((await fetch(`${base}/api/trpc/x`, { method: "POST", body: "{}" })).status).toBe(418);
    expect(
      (await fetch(`${base}/api/webhooks/providers/skyway-air/extra`, { method: "POST", body: "{}" })).status,
    ).toBe(418);
  });

  it("accepts a trailing slash and a query string on its path", async () => {
    const p = uniquePrefix("path");
    const body = webhookBody(`${p}1`);
    const r = await fetch(`${base}/api/webhooks/providers/skyway-air/?attempt=2`, {
      method: "POST",
      body,
      headers: signedHeaders("skyway-air", body),
    });
    expect(r.status).toBe(200);
    expect(await stored(p)).toMatchObject({ rows: 1, events: 1 });
  });

  it("refuses a body over 256 KB with 413", async () => {
    const body = webhookBody(uniquePrefix("big"), { data: { blob: "x".repeat(300_000) } });
    const r = await fetch(`${base}/api/webhooks/providers/skyway-air`, {
      method: "POST",
      body,
      headers: signedHeaders("skyway-air", body),
    });
    expect(r.status).toBe(413);
  });

  it("picks up a rotated secret on the first verification miss", async () => {
    const p = uniquePrefix("rot");
    const warm = webhookBody(`${p}0`);
    expect((await viaFastPath("tourly", warm, signedHeaders("tourly", warm))).status).toBe(200); // cache loaded
    await db.$sql`update providers set webhook_secret = 'whsec_rotated' where code = 'tourly'`;
    try {
      const body = webhookBody(`${p}1`);
      const r = await viaFastPath("tourly", body, { "x-webhook-signature": signWebhook("whsec_rotated", body) });
      expect(r.status).toBe(200);
      expect(
        (await viaFastPath("tourly", webhookBody(`${p}2`), signedHeaders("tourly", webhookBody(`${p}2`)))).status,
      ).toBe(401);
    } finally {
      await db.$sql`update providers set webhook_secret = ${testProviders.tourly} where code = 'tourly'`;
    }
  });

  it("fails every request of a batch with 503 when its commit fails, and stores none of them", async () => {
    // One batch slot; hold it with a table lock so the next requests queue into one batch together.
    let verified = 0;
    const secrets = createProviderSecrets(db, { minReloadMs: 0 });
    const counting = {
      secretFor: async (code: string, o?: { afterMiss?: boolean }) => {
        const s = await secrets.secretFor(code, o);
        verified++;
        return s;
      },
    };
    const fp = createWebhookFastPath(db, { secrets: counting, groupCommit: { maxInFlight: 1, maxDelayMs: 1 } });
    const srv = createServer((req, res) => {
      void fp(req, res);
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/webhooks/providers/skyway-air`;
    const send = (body: string) =>
      fetch(url, { method: "POST", body, headers: signedHeaders("skyway-air", body) }).then((r) => r.status);

    const p = uniquePrefix("batch");
    const lock = await db.$sql.reserve();
    try {
      await lock`begin`;
      await lock`lock table provider_webhooks in exclusive mode`;
      const first = send(webhookBody(`${p}first`));
      await waitUntil(async () => verified === 1 && (await waitingOnLock()) > 0);
      const rest = [webhookBody(`${p}a`), webhookBody(`boom_${p}`), webhookBody(`${p}b`), webhookBody(`${p}c`)].map(
        send,
      );
      await waitUntil(async () => verified === 5);
      await new Promise((r) => setImmediate(r)); // the last verified request is queued by now
      await lock`commit`;
      expect(await first).toBe(200);
      expect(await Promise.all(rest)).toEqual([503, 503, 503, 503]);
    } finally {
      lock.release();
      await fp.drain();
      await new Promise((r) => srv.close(r));
    }
    expect(await stored(p)).toEqual({ rows: 1, events: 1, rows_with_one_event: 1 });
  });
});

async function waitingOnLock() {
  const [{ n }] = await db.$sql<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
  return n;
}

async function waitUntil(cond: () => Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition not reached");
}

describe("group commit", () => {
  it("stores a batch in one commit: repeats inside the batch and already-stored ids come back as duplicates", async () => {
    const { createGroupCommit } = await import("@/db/group-commit");
    const { storeWebhooks } = await import("./store-webhooks");
    let commits = 0;
    const batcher = createGroupCommit((events: VerifiedWebhook[]) => {
      commits++;
      return storeWebhooks(db, events);
    });
    const p = uniquePrefix("gc");
    const event = (id: string) => ({
      provider: "skyway-air",
      webhookId: `${p}${id}`,
      type: "booking.cancelled",
      occurredAt: new Date().toISOString(),
      rawBody: webhookBody(`${p}${id}`),
    });
    await storeWebhooks(db, [event("old")]);
    // Submitted in one event-loop turn: one batch.
    const outcomes = await Promise.all(["a", "b", "a", "old", "c", "b"].map((id) => batcher.submit(event(id))));
    expect(commits).toBe(1);
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, false, true, true, false, true]);
    expect(await stored(p)).toEqual({ rows: 4, events: 4, rows_with_one_event: 4 });
  });
});

describe("storeWebhooks", () => {
  it("stores text that array literals treat specially (NULL, quotes, backslashes, braces) unchanged", async () => {
    const { storeWebhooks } = await import("./store-webhooks");
    const p = uniquePrefix("odd");
    const payload = { id: "NULL", note: 'a\\b"c{d},e é 😀 \n' };
    const outcomes = await storeWebhooks(db, [
      {
        provider: "tourly",
        webhookId: `${p}NULL`,
        type: "NULL",
        occurredAt: "2025-01-01T00:00:00+02:00",
        rawBody: JSON.stringify(payload),
      },
      {
        provider: "tourly",
        webhookId: `${p}a"b\\c,{}`,
        type: " x ",
        occurredAt: new Date().toISOString(),
        rawBody: "{}",
      },
    ]);
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, false]);
    const rows = await db.$sql<{ webhook_id: string; event_type: string; payload: unknown; occurred_at: string }[]>`
      select webhook_id, event_type, payload, occurred_at from provider_webhooks where webhook_id like ${`${p}%`} order by event_type`;
    expect(rows.map((r) => [r.webhook_id, r.event_type, r.payload])).toEqual([
      [`${p}a"b\\c,{}`, " x ", {}],
      [`${p}NULL`, "NULL", payload],
    ]);
    expect(new Date(rows[1].occurred_at).toISOString()).toBe("2024-12-31T22:00:00.000Z");
  });
});

describe("durability", () => {
  it("turns synchronous_commit on for its own transaction only, where the session has it off", async () => {
    const { storeWebhooks } = await import("./store-webhooks");
    const { createDb } = await import("@/db/client");
    const one = createDb(db.url, { max: 1, connection: { synchronous_commit: "off" } });
    try {
      const p = uniquePrefix("sync");
      const outcomes = await storeWebhooks(one, [
        { provider: "tourly", webhookId: `${p}1`, type: "t", occurredAt: new Date().toISOString(), rawBody: "{}" },
      ]);
      expect(outcomes).toMatchObject([{ duplicate: false }]);
      // set_config(…, true) ended with the statement's transaction: the pooled session is unchanged.
      const [{ after }] = await one.$sql<{ after: string }[]>`select current_setting('synchronous_commit') as after`;
      expect(after).toBe("off");
      expect(await stored(p)).toMatchObject({ rows: 1, events: 1 });
    } finally {
      await one.$sql.end();
    }
  });
});
