import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiClients, apiKeys } from "@/db/schema";
import { signWebhook } from "@/server/services/webhooks/signature";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { authenticateApiClient } from "./authenticate";
import { IMPORT_CLIENT_ID } from "./import-client";
import { hashApiKey } from "./keys";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops("founder@example.com")).ops.apiClients;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e) => (e instanceof TRPCError ? e.code : String(e)),
  );
const T = 1_900_000_000; // the injected clock (unix seconds)
const auth = (key: string | null, more: { signature?: string | null; body?: string | Uint8Array; at?: number } = {}) =>
  authenticateApiClient(db, {
    authorization: key === null ? null : `Bearer ${key}`,
    signature: more.signature ?? null,
    body: more.body ?? "{}",
    nowSeconds: more.at ?? T,
  });
const newClient = async (name: string) => {
  const c = await ops.create({ name });
  const k = await ops.issueKey({ clientId: c.id, name: "production" });
  return { client: c, key: k.key, keyId: k.id };
};
const lastUsed = async (id: string) =>
  (await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id)))[0].at;

describe("API keys", () => {
  it("a key issued to a client authenticates as that client; the row holds only its hash and prefix", async () => {
    const { client, key, keyId } = await newClient("Acme checkout");
    expect(key).toMatch(/^bk_[A-Za-z0-9_-]{43}$/);
    expect(await auth(key)).toEqual({ ok: true, client: { id: client.id, name: "Acme checkout", kind: "checkout" } });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row).toMatchObject({ keyHash: hashApiKey(key), prefix: key.slice(0, 12), createdBy: "founder@example.com" });
    // Nowhere in the rows or the audit events: not the key, nor its secret part.
    const secretPart = key.slice(12);
    const [{ n }] = await db.execute<{ n: number }>(sql`
      select ((select count(*) from api_keys k where strpos(k::text, ${secretPart}) > 0)
        + (select count(*) from api_clients c where strpos(c::text, ${secretPart}) > 0)
        + (select count(*) from outbox o where strpos(o::text, ${secretPart}) > 0))::int as n`);
    expect(n).toBe(0);
    expect(JSON.stringify(await ops.list())).not.toContain(secretPart);
  });

  it("missing, malformed, unknown and revoked keys are 401 with a sentence saying which", async () => {
    const { key, keyId } = await newClient("Beta checkout");
    const missing = { ok: false, status: 401, message: "Missing Authorization: Bearer <API key>" };
    const unknown = { ok: false, status: 401, message: "Unknown or revoked API key" };
    expect(await auth(null)).toEqual(missing);
    for (const header of ["", "Basic abc", "Bearer", "Bearer ", `Token ${key}`, `Bearer ${key} extra`]) {
      expect(await authenticateApiClient(db, { authorization: header, signature: null, body: "" })).toEqual(missing);
    }
    expect(await auth("not-a-key")).toEqual(unknown);
    expect(await auth(`${key}x`)).toEqual(unknown);
    expect(await auth(`bk_${randomBytes(32).toString("base64url")}`)).toEqual(unknown);
    expect(
      await authenticateApiClient(db, { authorization: `bearer ${key}`, signature: null, body: "" }),
    ).toMatchObject({ ok: true });
    const first = await ops.revokeKey({ keyId });
    expect(first.changed).toBe(true);
    expect(await auth(key)).toEqual(unknown);
    // Revoking twice changes nothing; the key stays listed, revoked.
    expect(await ops.revokeKey({ keyId })).toEqual({ id: keyId, revokedAt: first.revokedAt, changed: false });
    const listed = (await ops.list()).flatMap((c) => c.keys).find((k) => k.id === keyId);
    expect(listed).toMatchObject({ prefix: key.slice(0, 12), revokedAt: first.revokedAt });
  });

  it("a revoked client's keys are refused, and it cannot be given a new one", async () => {
    const { client, key } = await newClient("Gamma checkout");
    const other = await newClient("Delta checkout");
    expect((await ops.revoke({ clientId: client.id })).changed).toBe(true);
    expect((await ops.revoke({ clientId: client.id })).changed).toBe(false);
    expect(await auth(key)).toEqual({ ok: false, status: 401, message: "Unknown or revoked API key" });
    expect(await auth(other.key)).toMatchObject({ ok: true });
    const refused = ops.issueKey({ clientId: client.id, name: "again" });
    await expect(refused).rejects.toThrow('API client "Gamma checkout" is revoked: it cannot be given a new key');
    expect(await codeOf(ops.issueKey({ clientId: client.id, name: "again" }))).toBe("CONFLICT");
    expect(await codeOf(ops.rotateSecret({ clientId: client.id }))).toBe("CONFLICT");
  });

  it("a signing secret makes X-Signature required, over the exact body bytes, within 5 minutes", async () => {
    const { client, key } = await newClient("Signed checkout");
    const { secret } = await ops.rotateSecret({ clientId: client.id });
    expect(secret).toMatch(/^bksig_/);
    const body = new TextEncoder().encode('{"traveler":"Zoë Ångström"}');
    const signed = (s: string, at = T, b: string | Uint8Array = body) => signWebhook(s, b, at);
    const refused = (message: string) => ({ ok: false, status: 401, message });
    expect(await auth(key, { body })).toEqual(refused("Missing X-Signature header"));
    expect(await auth(key, { body, signature: "v1=abc" })).toEqual(
      refused("X-Signature must be t=<unix seconds>,v1=<hex sha256>"),
    );
    expect(await auth(key, { body, signature: signed("bksig_wrong") })).toEqual(refused("Signature does not match"));
    expect(await auth(key, { body, signature: signed(secret, T - 301) })).toEqual(
      refused("Signature timestamp is outside the 5-minute tolerance"),
    );
    expect(await auth(key, { body, signature: signed(secret) })).toMatchObject({ ok: true });
    expect(await auth(key, { body: Buffer.from(body).toString(), signature: signed(secret) })).toMatchObject({
      ok: true,
    });
    // One byte more (a space a proxy might add) is another body.
    const spaced = new Uint8Array([...body, 0x20]);
    expect(await auth(key, { body: spaced, signature: signed(secret) })).toEqual(refused("Signature does not match"));
    // A new secret replaces the old at once; clearing it makes signatures optional again.
    const { secret: next } = await ops.rotateSecret({ clientId: client.id });
    expect(await auth(key, { body, signature: signed(secret) })).toEqual(refused("Signature does not match"));
    expect(await auth(key, { body, signature: signed(next) })).toMatchObject({ ok: true });
    expect(JSON.stringify(await ops.list())).not.toContain(next);
    expect((await ops.list()).find((c) => c.id === client.id)?.signed).toBe(true);
    expect(await ops.clearSecret({ clientId: client.id })).toEqual({ clientId: client.id, changed: true });
    expect(await auth(key, { body })).toMatchObject({ ok: true });
  });

  it("last_used_at moves at most once a minute", async () => {
    const { key, keyId } = await newClient("Busy checkout");
    expect(await lastUsed(keyId)).toBeNull();
    await auth(key, { at: T });
    expect(await lastUsed(keyId)).toEqual(new Date(T * 1000));
    await auth(key, { at: T + 30 });
    await auth(key, { at: T + 60 });
    expect(await lastUsed(keyId)).toEqual(new Date(T * 1000));
    await auth(key, { at: T + 61 });
    expect(await lastUsed(keyId)).toEqual(new Date((T + 61) * 1000));
    // A refused request is no use of the key.
    await auth(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`, { at: T + 500 });
    expect(await lastUsed(keyId)).toEqual(new Date((T + 61) * 1000));
  });
});

describe("managing clients", () => {
  it("the built-in import client is seeded and cannot be revoked", async () => {
    const [c] = await db.select().from(apiClients).where(eq(apiClients.id, IMPORT_CLIENT_ID));
    expect(c).toMatchObject({ name: "import", kind: "import", revokedAt: null });
    expect(await codeOf(ops.revoke({ clientId: IMPORT_CLIENT_ID }))).toBe("BAD_REQUEST");
  });

  it("names are unique, unknown ids are not found, bad input is a 400; each change is audited", async () => {
    await ops.create({ name: "Epsilon" });
    await expect(ops.create({ name: " Epsilon " })).rejects.toThrow('An API client named "Epsilon" already exists');
    const unknown = crypto.randomUUID();
    expect(await codeOf(ops.issueKey({ clientId: unknown, name: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(ops.revokeKey({ keyId: unknown }))).toBe("NOT_FOUND");
    expect(await codeOf(ops.rotateSecret({ clientId: unknown }))).toBe("NOT_FOUND");
    expect(await codeOf(ops.create({ name: "   " }))).toBe("BAD_REQUEST");
    expect(await codeOf(ops.create({ name: "x".repeat(101) }))).toBe("BAD_REQUEST");
    expect(await codeOf(ops.revokeKey({ keyId: "not-a-uuid" }))).toBe("BAD_REQUEST");
    const { client, keyId } = await newClient("Zeta");
    await ops.revokeKey({ keyId });
    const events = await db.execute<{ change: string; by: string }>(sql`
      select data->>'change' as change, data->'by'->>'id' as by from outbox
      where name = 'api_client/changed' and data->>'clientId' = ${client.id} order by created_at, id`);
    expect(events.map((e) => [e.change, e.by])).toEqual([
      ["client_created", "founder@example.com"],
      ["key_issued", "founder@example.com"],
      ["key_revoked", "founder@example.com"],
    ]);
  });

  it("travelers, guests and the signed-out cannot reach the router", async () => {
    const id = crypto.randomUUID();
    const outsiders = [
      [callerAs(db, null), "UNAUTHORIZED"],
      [callerAs(db, sessions.traveler(id, "t@example.com")), "FORBIDDEN"],
      [callerAs(db, sessions.guest(id)), "FORBIDDEN"],
    ] as const;
    for (const [caller, code] of outsiders) {
      const api = caller.ops.apiClients;
      expect(await codeOf(api.list())).toBe(code);
      expect(await codeOf(api.create({ name: "Intruder" }))).toBe(code);
      expect(await codeOf(api.issueKey({ clientId: IMPORT_CLIENT_ID, name: "x" }))).toBe(code);
      expect(await codeOf(api.rotateSecret({ clientId: IMPORT_CLIENT_ID }))).toBe(code);
      expect(await codeOf(api.clearSecret({ clientId: IMPORT_CLIENT_ID }))).toBe(code);
      expect(await codeOf(api.revokeKey({ keyId: id }))).toBe(code);
      expect(await codeOf(api.revoke({ clientId: IMPORT_CLIENT_ID }))).toBe(code);
    }
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from api_clients where name = 'Intruder'`,
    );
    expect(n).toBe(0);
  });
});
