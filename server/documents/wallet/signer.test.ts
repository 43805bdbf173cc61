import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, describe, expect, it, vi } from "vitest";
import { devCertificates } from "./dev-certificate";

// The settings are read when server/env.ts is first imported: each case imports the modules afresh.
const certs = mkdtempSync(path.join(tmpdir(), "wallet-real-"));
const pem = devCertificates(certs); // stands in for a real pass type certificate and Apple's WWDR

async function signerWith(settings: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(settings)) vi.stubEnv(k, v);
  vi.resetModules();
  const { walletSigner } = await import("./signer");
  const { buildBoardingPass } = await import("./boarding-pass");
  return { walletSigner, buildBoardingPass };
}
const real = {
  WALLET_PASS_TYPE_ID: "pass.com.example.boarding",
  WALLET_TEAM_ID: "ABCDE12345",
  WALLET_SIGNER_CERT: path.join(certs, "signer.pem"),
  WALLET_SIGNER_KEY: pem.signerKey.replace(/\n/g, "\\n"), // one line, as some hosts store settings
  WALLET_WWDR_CERT: path.join(certs, "wwdr.pem"),
};

afterEach(() => vi.unstubAllEnvs());

describe("walletSigner", () => {
  it("signs with the configured certificates (PEM text, even on one line, or a file path) when every setting is there", async () => {
    const { walletSigner, buildBoardingPass } = await signerWith(real);
    const devDir = mkdtempSync(path.join(tmpdir(), "wallet-unused-"));
    const signer = walletSigner(devDir);
    expect(signer).toMatchObject({
      development: false,
      passTypeIdentifier: "pass.com.example.boarding",
      teamIdentifier: "ABCDE12345",
    });
    expect(signer.certificates.signerCert).toBe(readFileSync(real.WALLET_SIGNER_CERT, "utf8"));
    expect(signer.certificates.signerKey).toBe(pem.signerKey);
    const built = buildBoardingPass(
      {
        itemId: "item-1",
        reference: "BK-1",
        pnr: "PNR1",
        flight: {
          segments: [
            {
              flightNumber: "XY1",
              from: "CDG",
              to: "JFK",
              departureLocal: "2031-06-01T09:00",
              departureZone: "Europe/Paris",
            },
          ],
        },
        segmentIndex: 0,
        traveler: { firstName: "Ada", lastName: "Lovelace" },
        travelerIndex: 0,
      },
      signer,
    );
    expect(built.development).toBe(false);
    const pass = JSON.parse(strFromU8(unzipSync(new Uint8Array(built.buffer))["pass.json"]));
    expect(pass).toMatchObject({ passTypeIdentifier: "pass.com.example.boarding", teamIdentifier: "ABCDE12345" });
    expect(pass.boardingPass.backFields.some((f: { key: string }) => f.key === "development")).toBe(false);
  });

  it("falls back to the development certificate when a setting is missing", async () => {
    const { walletSigner } = await signerWith({ ...real, WALLET_WWDR_CERT: undefined });
    const devDir = mkdtempSync(path.join(tmpdir(), "wallet-dev-"));
    const signer = walletSigner(devDir);
    expect(signer).toMatchObject({
      development: true,
      passTypeIdentifier: "pass.dev.bookops.local",
      teamIdentifier: "DEVTEAM000",
    });
    expect(signer.certificates.signerCert).toBe(readFileSync(path.join(devDir, "signer.pem"), "utf8"));
    expect(signer.certificates.signerCert).not.toBe(pem.signerCert);
  });
});
