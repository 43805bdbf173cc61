import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import forge from "node-forge";
import { devPassTypeIdentifier, devTeamIdentifier } from "./signing-mode";

// Without real certificates (docs/architecture.md, "Second wave"), a pass is still built and
// signed: on first use a self-signed stand-in for Apple's WWDR CA and a pass type certificate it
// issues are generated here, kept beside the other local secrets, and reused by every process.

export type PemCertificates = { wwdr: string; signerCert: string; signerKey: string; signerKeyPassphrase?: string };

const files = { wwdr: "wwdr.pem", signerCert: "signer.pem", signerKey: "signer-key.pem" } as const;

/** The development certificates in `dir`, generated there on first use (three small reads after). */
export function devCertificates(dir: string): PemCertificates {
  const paths = Object.values(files).map((f) => path.join(dir, f));
  if (!paths.every((p) => existsSync(p))) writeAll(dir, generate());
  const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
  return { wwdr: read(files.wwdr), signerCert: read(files.signerCert), signerKey: read(files.signerKey) };
}

function writeAll(dir: string, certs: PemCertificates) {
  // All three in a fresh folder renamed into place at once: two processes starting together (two
  // app servers) never mix one's key with the other's certificate; the first rename wins and the
  // other's folder is dropped, so both sign with the winner's.
  mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  mkdirSync(tmp);
  for (const name of ["signerKey", "wwdr", "signerCert"] as const)
    writeFileSync(path.join(tmp, files[name]), certs[name], { mode: 0o600 });
  if (existsSync(dir) && !Object.values(files).every((f) => existsSync(path.join(dir, f))))
    rmSync(dir, { recursive: true, force: true }); // an incomplete folder from an older layout
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function rsaKeys() {
  // Node's native generator: node-forge's pure-JS one takes seconds for 2048 bits.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem };
}

function certificate(
  subject: forge.pki.CertificateField[],
  publicKey: forge.pki.PublicKey,
  issuer: { subject: forge.pki.CertificateField[]; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`; // positive: leading byte < 0x80
  cert.validity.notBefore = new Date(Date.now() - 24 * 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3_600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer.subject);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function generate(): PemCertificates {
  const ca = rsaKeys();
  const caSubject = [
    { name: "commonName", value: "Development WWDR stand-in (not Apple)" },
    { name: "organizationName", value: "Booking Ops development" },
  ];
  const wwdr = certificate(caSubject, ca.publicKey, { subject: caSubject, key: ca.privateKey }, [
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const signer = rsaKeys();
  // Apple's pass type certificates name the pass type in UID and CN and the team in OU.
  const signerCert = certificate(
    [
      { type: "0.9.2342.19200300.100.1.1", value: devPassTypeIdentifier },
      { name: "commonName", value: `Pass Type ID: ${devPassTypeIdentifier}` },
      { name: "organizationalUnitName", value: devTeamIdentifier },
      { name: "organizationName", value: "Booking Ops development" },
    ],
    signer.publicKey,
    { subject: caSubject, key: ca.privateKey },
    [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, critical: true },
    ],
  );
  return { wwdr, signerCert, signerKey: signer.pem };
}
