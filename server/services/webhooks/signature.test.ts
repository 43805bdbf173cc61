import { describe, expect, it } from "vitest";
import { computeSignature, signWebhook, verifySignature } from "./signature";

const secret = "whsec_test";
const body = JSON.stringify({ id: "evt_1", type: "booking.cancelled" });
const now = 1_750_000_000;

describe("webhook signatures", () => {
  it("accepts what signWebhook produced, within the tolerance either side", () => {
    expect(verifySignature([secret], signWebhook(secret, body, now), body, now)).toEqual({ ok: true });
    expect(verifySignature([secret], signWebhook(secret, body, now - 300), body, now)).toEqual({ ok: true });
    expect(verifySignature([secret], signWebhook(secret, body, now + 300), body, now)).toEqual({ ok: true });
  });

  it("refuses stale and future-dated timestamps even with a correct HMAC", () => {
    expect(verifySignature([secret], signWebhook(secret, body, now - 301), body, now)).toMatchObject({
      ok: false,
      reason: "stale",
    });
    expect(verifySignature([secret], signWebhook(secret, body, now + 301), body, now)).toMatchObject({
      ok: false,
      reason: "stale",
    });
  });

  it("refuses a tampered body, another secret, a moved timestamp, and missing or malformed headers", () => {
    const header = signWebhook(secret, body, now);
    expect(verifySignature([secret], header, body.replace("evt_1", "evt_2"), now)).toMatchObject({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySignature(["whsec_other"], header, body, now)).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verifySignature([secret], header.replace(`t=${now}`, `t=${now + 1}`), body, now)).toMatchObject({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySignature([secret], undefined, body, now)).toMatchObject({ ok: false, reason: "missing" });
    expect(verifySignature([secret], "", body, now)).toMatchObject({ ok: false, reason: "missing" });
    expect(verifySignature([secret], `t=${now}`, body, now)).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifySignature([secret], `v1=${computeSignature(secret, now, body)}`, body, now)).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    expect(verifySignature([secret], `t=${now},v1=abc`, body, now)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("accepts any of several v1 signatures (rotation) and any of several secrets", () => {
    const header = `t=${now},v1=${computeSignature("whsec_old", now, body)},v1=${computeSignature(secret, now, body)}`;
    expect(verifySignature([secret], header, body, now)).toEqual({ ok: true });
    expect(verifySignature(["whsec_new", secret], signWebhook(secret, body, now), body, now)).toEqual({ ok: true });
  });

  it("signs the raw bytes: a Buffer and its string sign alike", () => {
    expect(signWebhook(secret, Buffer.from(body), now)).toBe(signWebhook(secret, body, now));
  });
});
