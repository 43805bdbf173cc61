import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDocuments } from "@/server/services/documents/generate-documents";
import { serveDocument } from "@/server/services/documents/serve-document";
import { createTestDb } from "@/tests/db";
import { insertTestBooking } from "@/tests/fixtures/documents";
import { startLocalS3 } from "@/tests/fixtures/local-s3";
import { sessions } from "@/tests/sessions";
import { s3DocumentStorage, s3Client } from "./s3-storage";

// Through the real AWS SDK against a local S3-compatible server (s3rver).
let s3: Awaited<ReturnType<typeof startLocalS3>>;
beforeAll(async () => {
  s3 = await startLocalS3("bookops-documents");
});
afterAll(() => s3?.stop());

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("s3DocumentStorage", () => {
  it("stores, reads, streams with the size, replaces and deletes an object", async () => {
    const store = s3DocumentStorage(s3.settings);
    await store.put("b1/receipt-abc.pdf", bytes("%PDF-one"));
    expect(text(await store.get("b1/receipt-abc.pdf"))).toBe("%PDF-one");

    await store.put("b1/receipt-abc.pdf", bytes("%PDF-second version")); // a retried or repeated put
    const opened = await store.open("b1/receipt-abc.pdf");
    expect(opened?.size).toBe(19);
    expect(text(await readAll(opened!.stream))).toBe("%PDF-second version");

    await store.delete("b1/receipt-abc.pdf");
    expect(await store.get("b1/receipt-abc.pdf")).toBeNull();
    await store.delete("b1/receipt-abc.pdf"); // deleting what is gone is no error
  });

  it("answers null for a key that was never stored, from get and open", async () => {
    const store = s3DocumentStorage(s3.settings);
    expect(await store.get("nobody/never.pdf")).toBeNull();
    expect(await store.open("nobody/never.pdf")).toBeNull();
  });

  it("keeps each deployment's documents under its prefix", async () => {
    const a = s3DocumentStorage({ ...s3.settings, prefix: "eu/" });
    const b = s3DocumentStorage({ ...s3.settings, prefix: "us/" });
    await a.put("k/itinerary.pdf", bytes("from eu"));
    expect(await b.get("k/itinerary.pdf")).toBeNull();
    expect(text(await s3DocumentStorage(s3.settings).get("eu/k/itinerary.pdf"))).toBe("from eu");
  });

  it("refuses a key that could climb out of its prefix, before any request", async () => {
    const store = s3DocumentStorage({ ...s3.settings, prefix: "eu/" });
    await expect(store.put("../us/x.pdf", bytes("x"))).rejects.toThrow(RangeError);
    await expect(store.get("/etc/passwd")).rejects.toThrow(RangeError);
  });

  it("surfaces a store that refuses (wrong credentials, missing bucket) as an error, never as a missing file", async () => {
    const forged = s3DocumentStorage({
      ...s3.settings,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "wrong" },
    });
    await expect(forged.get("b1/receipt-abc.pdf")).rejects.toThrow();
    await expect(forged.put("b1/x.pdf", bytes("x"))).rejects.toThrow();
    const noBucket = s3DocumentStorage({ ...s3.settings, bucket: "no-such-bucket" });
    await expect(noBucket.put("b1/x.pdf", bytes("x"))).rejects.toThrow(/bucket/i);
  });
});

describe("documents in a shared bucket", () => {
  it("a document generated through one app server's client is served through another's", async () => {
    const db = await createTestDb();
    const booking = await insertTestBooking(db);
    const first: S3Client = s3Client(s3.settings);
    const r = await generateDocuments(db, booking.bookingId, { storage: s3DocumentStorage(s3.settings, first) });
    expect(r.created.length).toBeGreaterThan(0);
    first.destroy(); // the first server is gone: nothing of its own is needed to serve the file

    const itinerary = r.created.find((d) => d.kind === "itinerary")!;
    const res = await serveDocument(
      db,
      sessions.traveler(booking.userId, booking.email),
      itinerary.id,
      s3DocumentStorage(s3.settings),
    );
    expect(res.status).toBe(200);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(text(body.slice(0, 5))).toBe("%PDF-");
    expect(Number(res.headers.get("content-length"))).toBe(body.byteLength);
  });
});
