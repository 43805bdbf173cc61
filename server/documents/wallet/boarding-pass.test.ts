import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildBoardingPass, type BoardingPassInput } from "./boarding-pass";
import { devCertificates } from "./dev-certificate";
import { flightForPass, walletPassesOf, type FlightDetails } from "./flight-passes";
import { devPassTypeIdentifier, devTeamIdentifier } from "./signing-mode";
import type { WalletSigner } from "./signer";

const certDir = mkdtempSync(path.join(tmpdir(), "wallet-certs-"));
const devSigner = (): WalletSigner => ({
  development: true,
  passTypeIdentifier: devPassTypeIdentifier,
  teamIdentifier: devTeamIdentifier,
  certificates: devCertificates(certDir),
});

const flight: FlightDetails = {
  pnr: "QX7PNR",
  cabin: "premium_economy",
  airline: "Doc Air",
  segments: [
    {
      flightNumber: "DA101",
      from: "LHR",
      to: "HND",
      fromCity: "London",
      toCity: "Tokyo",
      departureLocal: "2031-03-20T11:05",
      departureZone: "Europe/London",
      arrivalLocal: "2031-03-21T10:05",
      arrivalZone: "Asia/Tokyo",
    },
    {
      flightNumber: "DA102",
      from: "HND",
      to: "LHR",
      departureLocal: "2031-03-31T10:30",
      departureZone: "Asia/Tokyo",
    },
  ],
};
const input: BoardingPassInput = {
  itemId: "0b7d3c1e-5f0a-4c55-9d0e-2f3a4b5c6d7e",
  reference: "DOC-ABC123",
  pnr: "QX7PNR",
  flight,
  segmentIndex: 1,
  traveler: { firstName: "Lucía", lastName: "García" },
  travelerIndex: 2,
};

const open = (buffer: Buffer) => unzipSync(new Uint8Array(buffer));

/** `openssl smime -verify` of the detached signature over manifest.json, chained to `caFile`. */
function verify(dir: string, manifest: Uint8Array, signature: Uint8Array, caFile: string) {
  writeFileSync(path.join(dir, "manifest.json"), manifest);
  writeFileSync(path.join(dir, "signature"), signature);
  const signerOut = path.join(dir, "signer-out.pem");
  // prettier-ignore
  execFileSync("openssl", ["smime", "-verify", "-binary", "-inform", "DER", "-in", path.join(dir, "signature"),
    "-content", path.join(dir, "manifest.json"), "-CAfile", caFile, "-purpose", "any", "-signer", signerOut, "-out", "/dev/null"],
    { stdio: "pipe" });
  return readFileSync(signerOut, "utf8");
}

describe("buildBoardingPass", () => {
  it("is a zip with pass.json, icons, a manifest of SHA-1 hashes and a PKCS#7 signature the signer's certificate verifies", () => {
    const built = buildBoardingPass(input, devSigner());
    expect(built.development).toBe(true);
    expect(built.fileName).toBe("boarding-pass-DOC-ABC123-DA102-2-3.pkpass");
    const files = open(built.buffer);
    expect(Object.keys(files).sort()).toEqual(["icon.png", "icon@2x.png", "manifest.json", "pass.json", "signature"]);

    const pass = JSON.parse(strFromU8(files["pass.json"]));
    expect(pass).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: "pass.dev.bookops.local",
      teamIdentifier: "DEVTEAM000",
      serialNumber: `${input.itemId}-s1-t2`,
      boardingPass: { transitType: "PKTransitTypeAir" },
      // 10:30 in Tokyo (UTC+9) is 01:30 UTC.
      relevantDate: "2031-03-31T01:30:00.000Z",
    });
    expect(pass.barcodes).toEqual([
      expect.objectContaining({ format: "PKBarcodeFormatQR", message: "DOC-ABC123/QX7PNR/1/2" }),
    ]);
    const field = (list: { key: string; value: string }[], key: string) => list.find((f) => f.key === key)?.value;
    expect(field(pass.boardingPass.primaryFields, "from")).toBe("HND");
    expect(field(pass.boardingPass.primaryFields, "to")).toBe("LHR");
    expect(field(pass.boardingPass.secondaryFields, "passenger")).toBe("Lucía García");
    expect(field(pass.boardingPass.secondaryFields, "flight")).toBe("DA102");
    expect(field(pass.boardingPass.secondaryFields, "departs")).toBe("Mon, 31 Mar 2031, 10:30");
    expect(field(pass.boardingPass.backFields, "development")).toMatch(/will not accept/);

    const manifest = JSON.parse(strFromU8(files["manifest.json"])) as Record<string, string>;
    expect(Object.keys(manifest).sort()).toEqual(["icon.png", "icon@2x.png", "pass.json"]);
    for (const [name, sha1] of Object.entries(manifest))
      expect(sha1, name).toBe(createHash("sha1").update(files[name]).digest("hex"));
    expect([...files["icon.png"].subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"

    const work = mkdtempSync(path.join(tmpdir(), "wallet-verify-"));
    const used = verify(work, files["manifest.json"], files["signature"], path.join(certDir, "wwdr.pem"));
    expect(new X509Certificate(used).fingerprint256).toBe(
      new X509Certificate(devSigner().certificates.signerCert).fingerprint256,
    );
    // A manifest changed after signing does not verify.
    const tampered = new TextEncoder().encode(
      strFromU8(files["manifest.json"]).replace(/[0-9a-f]{40}/, "0".repeat(40)),
    );
    expect(() => verify(work, tampered, files["signature"], path.join(certDir, "wwdr.pem"))).toThrow();
  });

  it("generates the development certificate once and signs every later pass with it", () => {
    const first = devSigner();
    const written = statSync(path.join(certDir, "signer.pem")).mtimeMs;
    const again = devSigner();
    expect(again.certificates).toEqual(first.certificates);
    expect(statSync(path.join(certDir, "signer.pem")).mtimeMs).toBe(written);
    const signerCert = new X509Certificate(first.certificates.signerCert);
    expect(signerCert.subject).toContain(`UID=${devPassTypeIdentifier}`);
    expect(signerCert.checkIssued(new X509Certificate(first.certificates.wwdr))).toBe(true);
    // Two passes of the same segment and traveler are the same pass to Wallet (same serial).
    const a = JSON.parse(strFromU8(open(buildBoardingPass(input, again).buffer)["pass.json"]));
    const b = JSON.parse(strFromU8(open(buildBoardingPass({ ...input, travelerIndex: 0 }, again).buffer)["pass.json"]));
    expect(a.serialNumber).toBe(`${input.itemId}-s1-t2`);
    expect(b.serialNumber).toBe(`${input.itemId}-s1-t0`);
  });
});

describe("walletPassesOf", () => {
  const item = (status: string, category = "flight") => ({
    id: `${category}-${status}`,
    category,
    status,
    itemDetails: flight,
  });
  const travelers = [
    { firstName: "Ada", lastName: "Lovelace" },
    { firstName: "Alan", lastName: "Turing" },
  ];

  it("lists a pass per segment and traveler of each held flight, none for cancelled, pending or other items", () => {
    const passes = walletPassesOf({
      travelers,
      items: [item("ticketed"), item("cancelled"), item("pending"), item("confirmed", "hotel")],
    });
    expect(passes.map((p) => `${p.href} ${p.flightNumber} ${p.route} ${p.passenger}`)).toEqual([
      "/api/wallet/flight-ticketed/0/0 DA101 LHR → HND Ada Lovelace",
      "/api/wallet/flight-ticketed/0/1 DA101 LHR → HND Alan Turing",
      "/api/wallet/flight-ticketed/1/0 DA102 HND → LHR Ada Lovelace",
      "/api/wallet/flight-ticketed/1/1 DA102 HND → LHR Alan Turing",
    ]);
  });

  it("says why an item has no pass", () => {
    expect(flightForPass(item("confirmed", "hotel"))).toEqual({ ok: false, reason: "not_flight" });
    expect(flightForPass(item("provider_cancelled"))).toEqual({ ok: false, reason: "not_held" });
    const badZone = {
      ...item("ticketed"),
      itemDetails: { segments: [{ ...flight.segments[0], departureZone: "Mars/Base" }] },
    };
    expect(flightForPass(badZone)).toEqual({ ok: false, reason: "no_segments" });
  });
});
