import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { alerts, communicationEvents, contactFlags } from "@/db/schema";
import { resendWebhook } from "@/server/notify/secrets";
import { createTestDb } from "@/tests/db";
import { POST } from "@/app/api/webhooks/resend/route";
import { queueCommunication } from "./queue-communication";
import { sendCommunication } from "./send-communication";
import { commRow, commsBooking } from "@/tests/fixtures/comms";

const db = await createTestDb();
provideDb(db);

// A Resend event as Resend signs it (Svix: id, timestamp, HMAC over "id.timestamp.body").
function signed(
  type: string,
  data: Record<string, unknown>,
  o: { id?: string; at?: Date; secret?: "real" | "forged" } = {},
) {
  const at = o.at ?? new Date(),
    id = o.id ?? `msg_${crypto.randomUUID()}`;
  const body = JSON.stringify({ type, created_at: at.toISOString(), data: { created_at: at.toISOString(), ...data } });
  const wh =
    o.secret === "forged"
      ? new (resendWebhook().constructor as typeof import("svix").Webhook)(
          "whsec_" + Buffer.from("not the secret at all").toString("base64"),
        )
      : resendWebhook();
  return {
    body,
    headers: {
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": wh.sign(id, at, body),
    },
  };
}
const post = (body: string, headers: Record<string, string>) =>
  POST(
    new Request("http://localhost/api/webhooks/resend", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
    }),
  );
const eventCount = async () => (await db.select().from(communicationEvents)).length;

async function sentMessage() {
  const b = await commsBooking(db);
  const id = (await db.transaction((tx) =>
    queueCommunication(tx, {
      bookingId: b.bookingId,
      type: "confirmation_email",
      dedupeKey: `confirmation_email:${b.bookingId}`,
    }),
  ))!;
  await sendCommunication(db, id);
  return { ...b, id, messageId: (await commRow(db, id)).providerMessageId! };
}

describe("POST /api/webhooks/resend", () => {
  it("refuses forged, missing and stale signatures with 401 and stores nothing", async () => {
    const m = await sentMessage();
    const before = await eventCount();
    const data = { email_id: m.messageId, tags: { communication_id: m.id }, to: [m.email] };
    const forged = signed("email.bounced", data, { secret: "forged" });
    expect((await post(forged.body, forged.headers)).status).toBe(401);
    const good = signed("email.bounced", data);
    expect((await post(good.body, {})).status).toBe(401); // missing headers
    const tampered = { ...good, body: good.body.replace("email.bounced", "email.opened") };
    expect((await post(tampered.body, tampered.headers)).status).toBe(401);
    const stale = signed("email.bounced", data, { at: new Date(Date.now() - 10 * 60_000) });
    expect((await post(stale.body, stale.headers)).status).toBe(401);
    expect(await eventCount()).toBe(before);
    expect((await commRow(db, m.id)).status).toBe("delivered");
    expect(await db.select().from(contactFlags).where(eq(contactFlags.address, m.email))).toHaveLength(0);
  });

  it("records a signed event once per svix-id and moves the status forward", async () => {
    const m = await sentMessage();
    const opened = signed("email.opened", { email_id: m.messageId, tags: { communication_id: m.id } });
    const first = await post(opened.body, opened.headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await (await post(opened.body, opened.headers)).json()).toEqual({ received: true, duplicate: true });
    const row = await commRow(db, m.id);
    expect(row.status).toBe("opened");
    expect(row.openedAt).not.toBeNull();
    // A late "delivered" never moves it back; found by Resend's email id alone (no tag).
    const late = signed("email.delivered", { email_id: m.messageId });
    expect((await post(late.body, late.headers)).status).toBe(200);
    expect((await commRow(db, m.id)).status).toBe("opened");
    expect(
      await db.select().from(communicationEvents).where(eq(communicationEvents.communicationId, m.id)),
    ).toHaveLength(4);
  });

  it("a complaint is permanent: flagged, alerted; delivery_delayed is recorded only", async () => {
    const m = await sentMessage();
    const delayed = signed("email.delivery_delayed", { email_id: m.messageId, tags: { communication_id: m.id } });
    await post(delayed.body, delayed.headers);
    expect((await commRow(db, m.id)).status).toBe("delivered");
    const complained = signed("email.complained", { email_id: m.messageId, tags: { communication_id: m.id } });
    expect((await post(complained.body, complained.headers)).status).toBe(200);
    expect(await commRow(db, m.id)).toMatchObject({ status: "complained", nextRetryAt: null });
    expect(await db.select().from(contactFlags).where(eq(contactFlags.address, m.email))).toMatchObject([
      { reason: "complained" },
    ]);
    expect(
      await db
        .select()
        .from(alerts)
        .where(eq(alerts.dedupeKey, `comms_permanent:email:${m.email}`)),
    ).toHaveLength(1);
  });
});
