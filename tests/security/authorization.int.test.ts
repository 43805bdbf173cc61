import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Session } from "next-auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getDocument } from "@/app/api/documents/[id]/route";
import OpsLayout from "@/app/ops/layout";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { demoFixtures } from "@/db/seed/fixtures";
import { auth } from "@/server/auth";
import { localDocumentStorage, provideDocumentStorage } from "@/server/documents/storage";
import { generateDocuments } from "@/server/services/documents/generate-documents";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { describeInput, hostile, inGroups, rng, sample } from "./fuzz";
import { allProcedures, callPath, outcome } from "./procedures";

// Who may call what: every ops procedure refuses anyone but ops, every portal procedure refuses
// anonymous callers, and another traveler's or another guest's booking is simply not found: the
// answer never carries its data. The document route and the /ops section, the same.

// The session as the app reads it in a render (currentSession) comes from the mocked auth().
vi.mock("@/server/auth", () => {
  const auth = vi.fn(async () => null);
  return { auth, currentSession: () => auth() };
});
const signedInAs = (s: Session | null) =>
  vi.mocked(auth as unknown as () => Promise<Session | null>).mockResolvedValue(s);

const db = await createTestDb();
provideDb(db);
await seedDemo(db, { bookings: 20 });
const storage = localDocumentStorage(await mkdtemp(path.join(tmpdir(), "security-docs-")));
provideDocumentStorage(storage);

const rows = <T>(q: string, ...args: unknown[]) => db.$sql.unsafe<T[]>(q, args as never[]);
type Owner = { id: string; reference: string; email: string; userId: string };
async function owner(reference: string): Promise<Owner> {
  const [b] = await rows<{ id: string; reference: string; email: string; user_id: string | null }>(
    "select id, booking_reference as reference, lower(contact_email) as email, user_id from bookings where booking_reference = $1",
    reference,
  );
  const [u] = await rows<{ id: string }>("select id from users where email = $1", b.email);
  return { id: b.id, reference: b.reference, email: b.email, userId: b.user_id ?? u?.id ?? crypto.randomUUID() };
}
const me = await owner(demoFixtures.traveler.reference);
const them = await owner(demoFixtures.other.reference);
const procedures = allProcedures();

/** Rows of bookings that are not mine (by id, account or e-mail): what no caller of mine may touch. */
const notMine = `b.id <> '${me.id}' and lower(b.contact_email) <> '${me.email}' and b.user_id is distinct from '${me.userId}'`;
const foreign = {
  item: "",
  hotelItem: "",
  cancellation: "",
  modification: "",
  document: "",
  endpoint: "https://push.example.com/them/1",
};

beforeAll(async () => {
  [{ id: foreign.item }] = await rows<{ id: string }>(
    "select id from booking_items where booking_id = $1 order by id limit 1",
    them.id,
  );
  [{ id: foreign.hotelItem }] = await rows<{ id: string }>(
    `select i.id from booking_items i join bookings b on b.id = i.booking_id where ${notMine} and i.category = 'hotel' limit 1`,
  );
  [{ id: foreign.cancellation }] = await rows<{ id: string }>(
    `select c.id from cancellation_requests c join bookings b on b.id = c.booking_id where ${notMine} limit 1`,
  );
  [{ id: foreign.modification }] = await rows<{ id: string }>(
    `select m.id from booking_modifications m join bookings b on b.id = m.booking_id where ${notMine} limit 1`,
  );
  await generateDocuments(db, them.id, { storage });
  await generateDocuments(db, me.id, { storage });
  [{ id: foreign.document }] = await rows<{ id: string }>(
    "select id from documents where booking_id = $1 limit 1",
    them.id,
  );
  await callerAs(db, sessions.traveler(them.userId, them.email)).portal.comms.subscribePush({
    endpoint: foreign.endpoint,
    keys: { p256dh: "BTheirKey", auth: "their-auth" },
  });
});

const anonymous = null;
const traveler = () => sessions.traveler(me.userId, me.email);
const guest = () => sessions.guest(me.id);
const validInput = (p: (typeof procedures)[number]) => (p.schema ? sample(p.schema, rng(1)) : undefined);

describe("procedure roles", () => {
  const ops = procedures.filter((p) => p.path.startsWith("ops."));
  const portal = procedures.filter((p) => p.path.startsWith("portal."));

  it("covers the whole router (every procedure is ops.* or portal.*)", () => {
    expect(ops.length + portal.length).toBe(procedures.length);
    expect(ops.length).toBeGreaterThan(30);
    expect(portal.length).toBeGreaterThan(15);
  });

  it.each([
    ["anonymous", anonymous, "UNAUTHORIZED"],
    ["a traveler", traveler(), "FORBIDDEN"],
    ["a guest", guest(), "FORBIDDEN"],
  ] as const)("every ops procedure refuses %s", async (_, session, code) => {
    const results = await Promise.all(
      ops.map(async (p) => ({
        path: p.path,
        ...(await outcome(callPath(callerAs(db, session), p.path, validInput(p)))),
      })),
    );
    expect(
      results.filter((r) => r.ok || r.code !== code).map((r) => `${r.path}: ${r.ok ? "answered" : r.code}`),
    ).toEqual([]);
  });

  it("every portal procedure refuses anonymous callers", async () => {
    const results = await Promise.all(
      portal.map(async (p) => ({
        path: p.path,
        ...(await outcome(callPath(callerAs(db, null), p.path, validInput(p)))),
      })),
    );
    expect(
      results.filter((r) => r.ok || r.code !== "UNAUTHORIZED").map((r) => `${r.path}: ${r.ok ? "answered" : r.code}`),
    ).toEqual([]);
  });

  it("checks the role before the input: a caller without it hears only that, whatever it sends", async () => {
    const bad = { id: "\u0000", alertId: 42, reference: "<script>" };
    expect(await outcome(callerAs(db, null).ops.bookings.get(bad as never))).toMatchObject({
      ok: false,
      code: "UNAUTHORIZED",
    });
    expect(await outcome(callerAs(db, traveler()).ops.alerts.acknowledge(bad as never))).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await outcome(callerAs(db, null).portal.bookings.byReference(bad as never))).toMatchObject({
      ok: false,
      code: "UNAUTHORIZED",
    });
  });

  it("lets ops into ops procedures (the control: the refusals above are about the role)", async () => {
    const r = await outcome(callerAs(db, sessions.ops()).ops.bookings.get({ id: them.id }));
    expect(r.ok).toBe(true);
  });
});

describe("someone else's booking through the portal", () => {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  /** Each portal procedure with inputs that point at another person's booking (or mix theirs into mine). */
  const attacks = (): Record<string, unknown[]> => ({
    "portal.bookings.byReference": [{ reference: them.reference }, { reference: them.reference.toLowerCase() }],
    "portal.bookings.actions": [{ reference: them.reference }],
    "portal.bookings.respondToScheduleChange": [
      { reference: them.reference, itemId: foreign.item, decision: "accept" },
      { reference: me.reference, itemId: foreign.item, decision: "reject" },
    ],
    "portal.cancellations.quote": [{ reference: them.reference }, { reference: me.reference, itemIds: [foreign.item] }],
    "portal.cancellations.confirm": [{ cancellationId: foreign.cancellation }],
    "portal.comms.resendDocuments": [
      { reference: them.reference },
      { reference: me.reference, documentIds: [foreign.document] },
    ],
    "portal.documents.list": [{ bookingId: them.id }],
    "portal.modifications.list": [{ reference: them.reference }],
    "portal.modifications.nameChange": [
      { reference: them.reference, travelerIndex: 0, firstName: "Eve", lastName: "Mallory" },
    ],
    "portal.modifications.dateOptions": [
      { reference: them.reference, itemId: foreign.hotelItem, startDate: day(60), endDate: day(63) },
      { reference: me.reference, itemId: foreign.hotelItem, startDate: day(60), endDate: day(63) },
    ],
    "portal.modifications.dateChange": [
      { reference: them.reference, itemId: foreign.hotelItem, startDate: day(60), endDate: day(63) },
      { reference: me.reference, itemId: foreign.hotelItem, startDate: day(60), endDate: day(63) },
    ],
    "portal.modifications.specialRequest": [
      { reference: them.reference, itemId: foreign.item, request: "Late check-in please" },
      { reference: me.reference, itemId: foreign.item, request: "Late check-in please" },
    ],
    "portal.modifications.updateContact": [{ reference: them.reference, name: "Eve", email: "eve@example.com" }],
    "portal.modifications.confirm": [{ modificationId: foreign.modification }],
    "portal.modifications.cancel": [{ modificationId: foreign.modification }],
    "portal.modifications.refreshPayment": [{ modificationId: foreign.modification }],
  });
  // Account-wide procedures (no booking in the input) are checked for effect below.
  const accountWide = [
    "portal.bookings.list",
    "portal.comms.preference",
    "portal.comms.setPreference",
    "portal.comms.subscribePush",
    "portal.comms.unsubscribePush",
    "portal.credits.mine", // the signed-in traveler's own credit, by their session's account only
  ];

  it("has a case for every portal procedure", () => {
    const portal = procedures
      .filter((p) => p.path.startsWith("portal."))
      .map((p) => p.path)
      .sort();
    expect([...Object.keys(attacks()), ...accountWide].sort()).toEqual(portal);
  });

  const mixed = (input: unknown) => (input as { reference?: string }).reference === me.reference;
  const describe = (r: Awaited<ReturnType<typeof outcome>>) =>
    r.ok ? `answered ${JSON.stringify(r.value).slice(0, 200)}` : `${r.code} ${r.message}`;

  async function snapshot() {
    const [b] = await rows<{ s: string }>(
      `select md5(string_agg(x::text, '' order by x::text)) as s from (
      select to_jsonb(b) - 'updated_at' as x from bookings b where id = $1
      union all select to_jsonb(i) - 'updated_at' from booking_items i where booking_id = $1
      union all select to_jsonb(c) - 'updated_at' from cancellation_requests c where id = $2
      union all select to_jsonb(m) - 'updated_at' from booking_modifications m where id = $3
      union all select to_jsonb(q) from booking_communications q where booking_id = $1) t`,
      them.id,
      foreign.cancellation,
      foreign.modification,
    );
    return b.s;
  }

  it.each([
    ["a traveler", traveler],
    ["a guest", guest],
  ] as const)("%s gets NOT_FOUND (or nothing) and changes nothing", async (_, session) => {
    const before = await snapshot();
    const caller = callerAs(db, session());
    const leaks: string[] = [];
    for (const [p, inputs] of Object.entries(attacks())) {
      for (const input of inputs) {
        const r = await outcome(callPath(caller, p, input));
        const empty = r.ok && Array.isArray(r.value) && r.value.length === 0; // a list of someone else's: empty
        if (mixed(input)) {
          // My booking with their item or document in it: refused exactly as a made-up id is.
          const made = await outcome(
            callPath(
              caller,
              p,
              JSON.parse(
                JSON.stringify(input)
                  .replaceAll(foreign.item, crypto.randomUUID())
                  .replaceAll(foreign.hotelItem, crypto.randomUUID())
                  .replaceAll(foreign.document, crypto.randomUUID()),
              ),
            ),
          );
          if (r.ok || made.ok || r.code !== made.code || r.message !== made.message)
            leaks.push(`${p} ${JSON.stringify(input)} → ${describe(r)}, a made-up id → ${describe(made)}`);
          continue;
        }
        if (!(empty || (!r.ok && r.code === "NOT_FOUND"))) leaks.push(`${p} ${JSON.stringify(input)} → ${describe(r)}`);
        if (!r.ok && JSON.stringify(r.message).includes(them.email)) leaks.push(`${p}: message names their e-mail`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it("the same calls with my own booking are answered (the control)", async () => {
    const caller = callerAs(db, traveler());
    expect((await outcome(caller.portal.bookings.byReference({ reference: me.reference }))).ok).toBe(true);
    expect((await outcome(caller.portal.modifications.list({ reference: me.reference }))).ok).toBe(true);
    const docs = await caller.portal.documents.list({ bookingId: me.id });
    expect(docs.length).toBeGreaterThan(0);
  });

  it("my booking list holds only my bookings", async () => {
    const mine = await callerAs(db, traveler()).portal.bookings.list();
    const refs = JSON.stringify(mine);
    expect(refs).toContain(me.reference);
    expect(refs).not.toContain(them.reference);
    const guestList = JSON.stringify(await callerAs(db, guest()).portal.bookings.list());
    expect(guestList).not.toContain(them.reference);
  });

  // (Subscribing with an endpoint moves it to the caller, by design: the endpoint is the browser's
  // own unguessable URL, and the same browser signed in as another account takes it over.)
  it("account-wide settings touch only my account: their push subscription cannot be removed", async () => {
    const caller = callerAs(db, traveler());
    expect(await outcome(caller.portal.comms.unsubscribePush({ endpoint: foreign.endpoint }))).toMatchObject({
      ok: true,
    });
    const [sub] = await rows<{ user_id: string; p256dh: string }>(
      "select user_id, p256dh from push_subscriptions where endpoint = $1",
      foreign.endpoint,
    );
    expect(sub).toEqual({ user_id: them.userId, p256dh: "BTheirKey" });
    // A guest has no account: preferences are refused outright.
    for (const p of [
      "portal.comms.preference",
      "portal.comms.setPreference",
      "portal.comms.subscribePush",
      "portal.comms.unsubscribePush",
    ]) {
      const input =
        p === "portal.comms.setPreference"
          ? { channel: "sms" }
          : p.endsWith("Push")
            ? { endpoint: foreign.endpoint, keys: { p256dh: "k", auth: "a" } }
            : undefined;
      expect(await outcome(callPath(callerAs(db, guest()), p, input))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
  });
});

describe("GET /api/documents/[id]", () => {
  const get = async (session: Session | null, id = foreign.document) => {
    signedInAs(session);
    return getDocument(new Request(`http://app/api/documents/${id}`), { params: Promise.resolve({ id }) });
  };

  it("answers 404 to another traveler, another booking's guest and anonymous callers, with nothing of the file", async () => {
    for (const session of [traveler(), guest(), null]) {
      const res = await get(session);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toBe("Not found");
      expect(res.headers.get("content-disposition")).toBeNull();
    }
  });

  it("answers 404 to 200+ malformed ids, even for ops (who may read every document)", async () => {
    const r = rng(7);
    const real = foreign.document;
    const ids = new Set<string>([
      "not-a-uuid",
      "../../etc/passwd",
      "%2e%2e%2f",
      "..%2F..%2F",
      "00000000-0000-0000-0000-000000000000",
      "",
      " ",
      "\u0000",
      "x".repeat(5_000),
      `${real}/`,
      `${real}.pdf`,
      `{${real}}`,
      real.replaceAll("-", ""),
    ]);
    for (const v of hostile)
      ids.add(
        typeof v === "string"
          ? v
          : String(JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}` : x))).slice(0, 10_000),
      );
    while (ids.size < 220) {
      const k = r.int(real.length);
      const cut = [
        real.slice(0, k),
        `${real}${"0123456789abcdef'\";%<>"[r.int(25)]}`,
        `${real.slice(0, k)}${"ghxz-' ;"[r.int(8)]}${real.slice(k + 1)}`,
        `${real} or 1=1`,
        encodeURIComponent(`${real}'`),
      ][r.int(5)];
      if (cut.toLowerCase() !== real) ids.add(cut);
    }
    const statuses = await inGroups([...ids], 20, async (id) => [id, (await get(sessions.ops(), id)).status] as const);
    expect(statuses.filter(([, s]) => s !== 404).map(([id, s]) => `${s} ← ${describeInput(id)}`)).toEqual([]);
    expect(statuses.length).toBeGreaterThanOrEqual(200);
  });

  it("serves the owner, the booking's guest and ops (the control)", async () => {
    expect((await get(sessions.traveler(them.userId, them.email))).status).toBe(200);
    expect((await get(sessions.guest(them.id))).status).toBe(200);
    expect((await get(sessions.ops())).status).toBe(200);
  });
});

describe("/ops section", () => {
  const render = async (session: Session | null) => {
    signedInAs(session);
    try {
      await OpsLayout({ children: null });
      return "rendered";
    } catch (e) {
      return String((e as { digest?: string }).digest ?? e);
    }
  };

  it("sends anonymous visitors to sign-in and answers travelers and guests with not-found", async () => {
    expect(await render(null)).toMatch(/^NEXT_REDIRECT;.*\/signin\?callbackUrl=\/ops/);
    expect(await render(traveler())).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await render(guest())).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await render(sessions.ops())).toBe("rendered");
  });
});
