import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { bearerMatches, canonicalJson, generateSigningKey, hashSigningKey, signBody } from "./signing";

test("keys look like Inngest's and hash the way the SDK sends them", () => {
  const key = generateSigningKey();
  expect(key).toMatch(/^signkey-prod-[0-9a-f]{64}$/);
  const hex = key.slice("signkey-prod-".length);
  expect(hashSigningKey(key)).toBe(
    `signkey-prod-${createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex")}`,
  );
  expect(bearerMatches(`Bearer ${hashSigningKey(key)}`, key)).toBe(true);
  expect(bearerMatches(`Bearer ${key}`, key)).toBe(false);
  expect(bearerMatches(undefined, key)).toBe(false);
});

test("the signature covers the canonical body, so key order does not matter", () => {
  expect(canonicalJson({ b: [1, { d: 1, c: "x" }], a: null, u: undefined })).toBe('{"a":null,"b":[1,{"c":"x","d":1}]}');
  const key = generateSigningKey();
  expect(signBody({ a: 1, b: 2 }, key, 1_700_000_000_000)).toBe(signBody({ b: 2, a: 1 }, key, 1_700_000_000_000));
  expect(signBody({ a: 1 }, key, 1_700_000_000_000)).toMatch(/^t=1700000000&s=[0-9a-f]{64}$/);
});
