import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as providerPost } from "@/app/api/webhooks/providers/[provider]/route";
import { POST as resendPost } from "@/app/api/webhooks/resend/route";
import { POST as stripePost } from "@/app/api/webhooks/stripe/route";
import { provideDb } from "@/db/client";
import { resendWebhook } from "@/server/notify/secrets";
import { stripeWebhookSecret } from "@/server/payments";
import { signStripePayload } from "@/server/payments/webhook-signature";
import { MAX_JSON_BODY_BYTES } from "@/server/http/body-limit";
import { webhookEnvelope } from "@/server/services/webhooks/envelope";
import { MAX_WEBHOOK_BYTES } from "@/server/services/webhooks/ingest";
import { signWebhook } from "@/server/services/webhooks/signature";
import { insertTestProviders, testProviders } from "@/tests/fixtures/webhooks";
import { createWebhookFastPath, type WebhookFastPath } from "@/server/webhooks/fast-path";
import { createTestDb } from "@/tests/db";
import { describeInput, fuzzRuns, hashSeed, inGroups, type JsonSchema, malformedInputs, rng } from "./fuzz";

// Every webhook route, the same cases: a missing, forged or stale signature, or a valid signature
// over a body changed afterwards → 401 and nothing stored; a valid signature → 200 (the control
// that shows the check can pass). Then the same routes with VALID signatures over malformed bodies:
// 4xx or 200, never a 5xx, nothing stored for a refusal.

const db = await createTestDb();
provideDb(db);

type Signed = { body: string; headers: Record<string, string> };
type Route = {
  name: string;
  post: (body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) => Promise<Response>;
  /** The largest body it reads (server/http/body-limit.ts; provider webhooks their own). */
  limit: number;
  /** Signs `body` as the sender would, `ageSeconds` ago, with the real secret or a forged one. */
  sign: (body: string, o?: { ageSeconds?: number; forged?: boolean }) => Record<string, string>;
  validBody: () => string;
  /** Rows this route stores (with their outbox events). */
  stored: () => Promise<number>;
  bodySchema: JsonSchema;
};

const count = async (q: string) => Number((await db.$sql.unsafe<{ n: string }[]>(q))[0].n);
const now = () => Math.floor(Date.now() / 1000);
const json = { "content-type": "application/json" };
// A streamed body (no Content-Length, as a chunked upload sends it) needs duplex in Node's fetch.
const init = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  ({ method: "POST", body, headers, duplex: "half" }) as RequestInit;
const chunked = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
      c.close();
    },
  });
};

let server: Server;
let fastPath: WebhookFastPath;
let base = "";
beforeAll(async () => {
  await insertTestProviders(db);
  fastPath = createWebhookFastPath(db);
  server = createServer((req, res) => {
    void fastPath(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 418;
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fastPath?.drain();
  await new Promise((r) => server?.close(r));
});

const providerBody = () =>
  JSON.stringify({
    id: `evt_${crypto.randomUUID()}`,
    type: "booking.schedule_changed",
    occurred_at: new Date().toISOString(),
    provider_booking_id: "SW-1",
    data: { flight: "SW 1" },
  });
const providerSign: Route["sign"] = (body, o = {}) => ({
  ...json,
  "x-webhook-signature": signWebhook(
    o.forged ? "whsec_forged" : testProviders["skyway-air"],
    body,
    now() - (o.ageSeconds ?? 0),
  ),
});
const providerStored = () =>
  count(
    "select (select count(*) from provider_webhooks) + (select count(*) from outbox where name = 'provider_webhook/received') as n",
  );

const stripeBody = () =>
  JSON.stringify({
    id: `evt_${crypto.randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "payment_intent.succeeded",
    created: now(),
    livemode: false,
    api_version: "2025-01-27",
    data: {
      object: {
        id: `pi_${crypto.randomUUID().replaceAll("-", "")}`,
        object: "payment_intent",
        amount: 1000,
        currency: "eur",
        status: "succeeded",
      },
    },
  });
const stripeSchema: JsonSchema = {
  type: "object",
  required: ["id", "object", "type", "created", "data"],
  properties: {
    id: { type: "string", minLength: 1 },
    object: { const: "event" },
    type: { enum: ["payment_intent.succeeded", "charge.refund.updated", "charge.dispute.created"] },
    created: { type: "integer", minimum: 0 },
    livemode: { type: "boolean" },
    data: {
      type: "object",
      required: ["object"],
      properties: {
        object: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string" }, amount: { type: "integer" }, currency: { type: "string" } },
        },
      },
    },
  },
};

const resendBody = () =>
  JSON.stringify({
    type: "email.delivered",
    created_at: new Date().toISOString(),
    data: { email_id: crypto.randomUUID(), tags: { communication_id: crypto.randomUUID() } },
  });
const forgedSvix = () =>
  new (resendWebhook().constructor as typeof import("svix").Webhook)(
    `whsec_${Buffer.from("not the secret at all").toString("base64")}`,
  );
const resendSign: Route["sign"] = (body, o = {}) => {
  const id = `msg_${crypto.randomUUID()}`,
    at = new Date(Date.now() - (o.ageSeconds ?? 0) * 1000);
  const signature = (o.forged ? forgedSvix() : resendWebhook()).sign(id, at, body);
  return {
    ...json,
    "svix-id": id,
    "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
    "svix-signature": signature,
  };
};
const resendSchema: JsonSchema = {
  type: "object",
  required: ["type", "data"],
  properties: {
    type: { enum: ["email.sent", "email.delivered", "email.bounced", "email.complained", "email.opened"] },
    created_at: { type: "string", format: "date-time" },
    data: {
      type: "object",
      properties: {
        email_id: { type: "string" },
        tags: { type: "object", properties: { communication_id: { type: "string", format: "uuid" } } },
        bounce: { type: "object", properties: { message: { type: "string" }, type: { type: "string" } } },
      },
    },
  },
};

const routes: Route[] = [
  {
    name: "providers (Next route)",
    post: (body, headers) =>
      providerPost(new Request("http://app/api/webhooks/providers/skyway-air", init(body, headers)), {
        params: Promise.resolve({ provider: "skyway-air" }),
      }),
    limit: MAX_WEBHOOK_BYTES,
    sign: providerSign,
    validBody: providerBody,
    stored: providerStored,
    bodySchema: z.toJSONSchema(webhookEnvelope, { io: "input" }) as JsonSchema,
  },
  {
    name: "providers (fast path)",
    post: async (body, headers) => {
      const res = await fetch(`${base}/api/webhooks/providers/skyway-air`, init(body, headers));
      return new Response(await res.arrayBuffer(), { status: res.status });
    },
    limit: MAX_WEBHOOK_BYTES,
    sign: providerSign,
    validBody: providerBody,
    stored: providerStored,
    bodySchema: z.toJSONSchema(webhookEnvelope, { io: "input" }) as JsonSchema,
  },
  {
    name: "stripe",
    post: (body, headers) => stripePost(new Request("http://app/api/webhooks/stripe", init(body, headers))),
    limit: MAX_JSON_BODY_BYTES,
    sign: (body, o = {}) => ({
      ...json,
      "stripe-signature": signStripePayload(
        body,
        o.forged ? "whsec_forged" : stripeWebhookSecret(),
        now() - (o.ageSeconds ?? 0),
      ),
    }),
    validBody: stripeBody,
    bodySchema: stripeSchema,
    stored: () =>
      count(
        "select (select count(*) from payment_webhook_events) + (select count(*) from outbox where name = 'payment_webhook/received') as n",
      ),
  },
  {
    name: "resend",
    post: (body, headers) => resendPost(new Request("http://app/api/webhooks/resend", init(body, headers))),
    limit: MAX_JSON_BODY_BYTES,
    sign: resendSign,
    validBody: resendBody,
    bodySchema: resendSchema,
    stored: () => count("select count(*)::int as n from communication_events"),
  },
];

/** The same body with one character changed (inside a string value, so it is still JSON). */
const tamper = (body: string) =>
  body
    .replace("booking.schedule_changed", "booking.cancelled")
    .replace("payment_intent.succeeded", "charge.refunded")
    .replace("email.delivered", "email.bounced");

describe.each(routes)("webhook route: $name", (route) => {
  it("refuses a missing, forged or stale signature, and a body changed after signing: 401, nothing stored", async () => {
    const before = await route.stored();
    const body = route.validBody();
    const signed = route.sign(body);
    const cases: [string, Signed][] = [
      ["missing", { body, headers: json }],
      ["forged", { body, headers: route.sign(body, { forged: true }) }],
      ["stale (10 minutes old)", { body, headers: route.sign(body, { ageSeconds: 600 }) }],
      ["future-dated (10 minutes ahead)", { body, headers: route.sign(body, { ageSeconds: -600 }) }],
      ["tampered body", { body: tamper(body), headers: signed }],
      [
        "signature header emptied",
        {
          body,
          headers: Object.fromEntries(Object.entries(signed).map(([k, v]) => [k, k === "content-type" ? v : ""])),
        },
      ],
    ];
    expect(tamper(body)).not.toBe(body);
    for (const [label, c] of cases) {
      const res = await route.post(c.body, c.headers);
      expect(res.status, label).toBe(401);
    }
    expect(await route.stored()).toBe(before);
    // Control: the same body, correctly signed, is taken.
    expect((await route.post(body, signed)).status).toBe(200);
    expect(await route.stored()).toBeGreaterThan(before);
  });

  it(`answers ${fuzzRuns}+ malformed bodies under a valid signature with 4xx or 200, never 5xx`, async () => {
    const r = rng(hashSeed(route.name));
    const structured = malformedInputs(route.bodySchema, fuzzRuns, hashSeed(route.name)).map(
      (v) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? Number(x) : x)) ?? "undefined",
    );
    const valid = route.validBody();
    const raw = [
      "",
      " ",
      "null",
      "[]",
      "{}",
      "0",
      '"x"',
      '{"id":',
      valid.slice(0, valid.length / 2),
      `\uFEFF${valid}`,
      valid.replace("{", "{\u0000"),
      valid.replace(/"([a-z_]+)":/, '"$1":"\\u0000","x":'),
      valid.replace('"data"', '"data":"\\ud800","d"'),
      `${valid}garbage`,
      "\u00ff\u00fe\u0000",
      "[".repeat(10_000) + "]".repeat(10_000),
      JSON.stringify({ ...JSON.parse(valid), extra: "x".repeat(200_000) }),
      valid.replace("{", `{"deep":${"[".repeat(20_000)}${"]".repeat(20_000)},`),
      valid.replace("{", `{"deep":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)},`),
    ];
    const bodies = [
      ...raw,
      ...structured,
      ...Array.from({ length: 20 }, () => String.fromCharCode(...Array.from({ length: 64 }, () => r.int(0xffff)))),
    ];
    const failures: string[] = [];
    await inGroups(bodies, 10, async (body) => {
      // A handler that throws is a 500 in Next.
      const res = await route
        .post(body, route.sign(body))
        .catch((e: Error) => new Response(`threw ${e.message}`, { status: 500 }));
      if (res.status >= 500 || (res.status !== 200 && res.status < 400))
        failures.push(`${res.status} ${await res.text()} ← ${describeInput(body)}`);
    });
    expect(bodies.length).toBeGreaterThanOrEqual(200);
    expect(failures).toEqual([]);
  });
});

describe.each(routes)("webhook route: $name, body limit", (route) => {
  it("answers a body over its limit with 413 naming the limit, streamed or declared, and stores nothing", async () => {
    const before = await route.stored();
    const valid = JSON.parse(route.validBody()) as Record<string, unknown>;
    const big = JSON.stringify({ ...valid, pad: "x".repeat(route.limit) });
    for (const body of [big, chunked(big)]) {
      const res = await route.post(body, route.sign(big));
      expect(res.status).toBe(413);
      expect(await res.text()).toMatch(
        new RegExp(`${route.limit}|${route.limit / 1024} KB|${route.limit / 1024 ** 2} MB`),
      );
    }
    expect(await route.stored()).toBe(before);
    // Control: a signed body just under the limit, streamed, is read whole and taken.
    const fits = JSON.stringify({ ...valid, pad: "x".repeat(route.limit - route.validBody().length - 100) });
    expect((await route.post(chunked(fits), route.sign(fits))).status).toBe(200);
  });
});

describe("webhook routes: Standard Webhooks headers and bodies that are not JSON", () => {
  const resend = routes.find((r) => r.name === "resend")!;
  const stripe = routes.find((r) => r.name === "stripe")!;

  it("Resend accepts the webhook-* header names (Standard Webhooks) as well as svix-*", async () => {
    const before = await resend.stored();
    const body = resendBody();
    const renamed = Object.fromEntries(
      Object.entries(resend.sign(body)).map(([k, v]) => [k.replace(/^svix-/, "webhook-"), v]),
    );
    expect(Object.keys(renamed)).toContain("webhook-signature");
    expect((await resend.post(body, renamed)).status).toBe(200);
    expect(await resend.stored()).toBe(before + 1);
    // The same message again under either naming is one event (its id is the message id).
    expect(await (await resend.post(body, renamed)).json()).toMatchObject({ duplicate: true });
    // Forged under the new names is still a 401.
    const forged = Object.fromEntries(
      Object.entries(resend.sign(body, { forged: true })).map(([k, v]) => [k.replace(/^svix-/, "webhook-"), v]),
    );
    expect((await resend.post(body, forged)).status).toBe(401);
  });

  it("Stripe answers a correctly signed body that is not JSON with 400, not 401", async () => {
    const before = await stripe.stored();
    for (const body of ["not json", '{"id":', "<event/>"]) {
      const res = await stripe.post(body, stripe.sign(body));
      expect(res.status, body).toBe(400);
      expect(await res.text()).toMatch(/not JSON/);
    }
    expect((await stripe.post("not json", stripe.sign("not json", { forged: true }))).status).toBe(401);
    expect(await stripe.stored()).toBe(before);
  });
});
