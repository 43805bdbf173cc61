import { createECDH, createPublicKey, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import webpush from "web-push";
import { afterAll, describe, expect, it } from "vitest";
import { resendEmailChannel } from "./email";
import { NotifyError } from "./errors";
import { webPushChannel } from "./push";
import { twilioSmsChannel } from "./sms";

// The real SDKs, offline: Resend and the push service are local HTTP servers that record what
// arrives; Twilio's SDK takes an httpClient that records the request it would make.

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer };
const seen: Seen[] = [];
let reply = { status: 200, body: "{}" as string };
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(reply.status, { "content-type": "application/json", location: "/msg/1" }).end(reply.body);
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("Resend channel (resend SDK)", () => {
  const channel = resendEmailChannel("re_test_key", "Booking Ops <no-reply@bookings.test>", { baseUrl: origin });
  const message = {
    to: "ana@example.test",
    subject: "Booking confirmed: BK-1",
    html: "<p>hi</p>",
    text: "hi",
    tag: "confirmation_email",
    communicationId: "7b0c7f38-2b6a-4a55-9d0e-1f1d7d0b2c11",
    idempotencyKey: "comm/7b0c7f38-2b6a-4a55-9d0e-1f1d7d0b2c11",
    attachments: [
      { filename: "itinerary_BK-1.pdf", content: Buffer.from("%PDF-1.7 test"), contentType: "application/pdf" },
    ],
  };

  it("posts the e-mail with the key, the idempotency key and the communication tag", async () => {
    reply = { status: 200, body: JSON.stringify({ id: "re_msg_123" }) };
    seen.length = 0;
    expect(await channel.send(message)).toEqual({ provider: "resend", messageId: "re_msg_123" });
    const [req] = seen;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/emails");
    expect(req.headers.authorization).toBe("Bearer re_test_key");
    expect(req.headers["idempotency-key"]).toBe(message.idempotencyKey);
    const body = JSON.parse(req.body.toString());
    expect(body).toMatchObject({
      from: "Booking Ops <no-reply@bookings.test>",
      to: ["ana@example.test"],
      subject: message.subject,
      html: "<p>hi</p>",
      text: "hi",
    });
    expect(body.tags).toContainEqual({ name: "communication_id", value: message.communicationId });
    expect(body.attachments[0].filename).toBe("itinerary_BK-1.pdf");
    expect(Buffer.from(body.attachments[0].content, "base64").toString()).toBe("%PDF-1.7 test");
  });

  it("tells transient (429, 5xx) from permanent (422) failures", async () => {
    reply = { status: 503, body: JSON.stringify({ name: "internal_server_error", message: "down", statusCode: 503 }) };
    await expect(channel.send(message)).rejects.toMatchObject({ kind: "transient" });
    reply = {
      status: 422,
      body: JSON.stringify({ name: "validation_error", message: "Invalid `to` field", statusCode: 422 }),
    };
    await expect(channel.send(message)).rejects.toMatchObject({ kind: "permanent" });
  });
});

describe("Twilio channel (twilio SDK)", () => {
  type Opts = {
    method: string;
    uri: string;
    username: string;
    password: string;
    data: Record<string, string>;
    headers: Record<string, string>;
  };
  const requests: Opts[] = [];
  let response = { statusCode: 201, body: { sid: "SM123", status: "queued" } as unknown };
  const httpClient = {
    request: async (o: Opts) => {
      requests.push(o);
      return { ...response, headers: {} };
    },
  } as never;
  const channel = twilioSmsChannel({
    accountSid: "AC0123456789abcdef0123456789abcdef",
    authToken: "tok",
    from: "+15005550006",
    httpClient,
  });

  it("creates the message on the account's Messages resource with basic auth", async () => {
    expect(await channel.send({ to: "+33612345678", body: "Booking confirmed: BK-1" })).toEqual({
      provider: "twilio",
      messageId: "SM123",
    });
    const [r] = requests;
    expect(r.method).toBe("post");
    expect(r.uri).toBe("https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
    expect([r.username, r.password]).toEqual(["AC0123456789abcdef0123456789abcdef", "tok"]);
    expect(r.data).toMatchObject({ To: "+33612345678", From: "+15005550006", Body: "Booking confirmed: BK-1" });
    expect(r.headers["Content-Type"]).toBe("application/x-www-form-urlencoded");
  });

  it("an invalid number (21211) is permanent, a 503 transient", async () => {
    response = {
      statusCode: 400,
      body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 },
    };
    await expect(channel.send({ to: "+1", body: "x" })).rejects.toMatchObject({ kind: "permanent", code: 21211 });
    response = { statusCode: 503, body: { message: "Service unavailable", status: 503 } };
    await expect(channel.send({ to: "+33612345678", body: "x" })).rejects.toMatchObject({ kind: "transient" });
  });
});

describe("Web Push channel (web-push, VAPID)", () => {
  const vapid = {
    subject: "mailto:ops@bookings.test",
    ...(() => {
      const k = webpush.generateVAPIDKeys();
      return { publicKey: k.publicKey, privateKey: k.privateKey };
    })(),
  };
  const channel = webPushChannel(vapid);
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const subscription = {
    endpoint: `${origin}/push/abc`,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
  };
  const payload = { title: "Schedule change", body: "Booking BK-1", url: "http://localhost:3000/bookings/BK-1" };

  it("posts an encrypted payload with a VAPID JWT signed for the push service's origin", async () => {
    reply = { status: 201, body: "" };
    seen.length = 0;
    const sent = await channel.send({ subscription, payload });
    expect(sent.provider).toBe("webpush");
    const [req] = seen;
    expect(req.url).toBe("/push/abc");
    expect(req.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(req.headers.ttl)).toBeGreaterThan(0);
    expect(req.body.includes(Buffer.from(payload.title))).toBe(false); // encrypted
    const m = /^vapid t=([^,]+), k=(.+)$/.exec(String(req.headers.authorization));
    expect(m?.[2]).toBe(vapid.publicKey);
    const [h, p, s] = m![1].split(".");
    expect(JSON.parse(Buffer.from(p, "base64url").toString())).toMatchObject({ aud: origin, sub: vapid.subject });
    const raw = Buffer.from(vapid.publicKey, "base64url");
    const key = createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: raw.subarray(1, 33).toString("base64url"),
        y: raw.subarray(33).toString("base64url"),
      },
      format: "jwk",
    });
    expect(
      verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url")),
    ).toBe(true);
  });

  it("410 and 404 mean the subscription is gone; 429 is transient", async () => {
    for (const [status, kind] of [
      [410, "gone"],
      [404, "gone"],
      [429, "transient"],
      [400, "permanent"],
    ] as const) {
      reply = { status, body: "" };
      const err = await channel.send({ subscription, payload }).catch((e) => e);
      expect(err).toBeInstanceOf(NotifyError);
      expect(err.kind).toBe(kind);
    }
  });
});
