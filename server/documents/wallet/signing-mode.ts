import { env } from "@/server/env";

// Which certificates sign Apple Wallet passes (docs/architecture.md, "Outside systems"): the real
// ones when every setting is there, else the development certificate under .data/wallet/.

export const devPassTypeIdentifier = "pass.dev.bookops.local";
export const devTeamIdentifier = "DEVTEAM000";

export type WalletSigningMode = {
  /** Signed with the generated development certificate: Apple Wallet will not accept the pass. */
  development: boolean;
  passTypeIdentifier: string;
  teamIdentifier: string;
};

/** The passphrase may stay unset (an unencrypted key); every other setting is needed. */
export function walletSigningMode(): WalletSigningMode {
  const real = Boolean(
    env.WALLET_PASS_TYPE_ID &&
    env.WALLET_TEAM_ID &&
    env.WALLET_SIGNER_CERT &&
    env.WALLET_SIGNER_KEY &&
    env.WALLET_WWDR_CERT,
  );
  return real
    ? { development: false, passTypeIdentifier: env.WALLET_PASS_TYPE_ID!, teamIdentifier: env.WALLET_TEAM_ID! }
    : { development: true, passTypeIdentifier: devPassTypeIdentifier, teamIdentifier: devTeamIdentifier };
}

/** For pages: whether the passes they link to are development ones (no certificate is read). */
export const walletPassesAreDevelopment = () => walletSigningMode().development;
