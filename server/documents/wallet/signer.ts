import { readFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/db/local-config";
import { env } from "@/server/env";
import { devCertificates, type PemCertificates } from "./dev-certificate";
import { walletSigningMode, type WalletSigningMode } from "./signing-mode";

/** What signs a pass: the identifiers it carries and the certificates whose key signs its manifest. */
export type WalletSigner = WalletSigningMode & { certificates: PemCertificates };

/** Where the development certificate is kept unless a caller (a test) names another folder. */
export const defaultDevCertificateDir = () => path.join(dataDir, "wallet");

// A setting holds the PEM itself (newlines may come escaped as "\n" in one-line settings) or
// the path of a file that does.
const pem = (value: string) =>
  value.includes("-----BEGIN") ? value.replace(/\\n/g, "\n") : readFileSync(value, "utf8");

export function walletSigner(devDir: string = defaultDevCertificateDir()): WalletSigner {
  const mode = walletSigningMode();
  if (mode.development) return { ...mode, certificates: devCertificates(devDir) };
  return {
    ...mode,
    certificates: {
      wwdr: pem(env.WALLET_WWDR_CERT!),
      signerCert: pem(env.WALLET_SIGNER_CERT!),
      signerKey: pem(env.WALLET_SIGNER_KEY!),
      signerKeyPassphrase: env.WALLET_SIGNER_KEY_PASSPHRASE,
    },
  };
}
