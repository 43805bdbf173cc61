import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// Zero configuration (docs/architecture.md, "Process layout"): secrets are generated on first start and kept
// under .data/, with the embedded database's address, so every process of the app agrees on them.

export const dataDir = process.env.DATA_DIR
  ? path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR)
  : path.join(process.cwd(), ".data");
const file = path.join(dataDir, "local.json");

export type LocalConfig = {
  authSecret: string;
  embeddedDatabaseUrl?: string;
  /** Keys of the local Inngest-compatible server: it signs its calls, /api/inngest checks them. */
  inngestSigningKey: string;
  inngestEventKey: string;
};

export function readLocalConfig(): LocalConfig | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as LocalConfig;
}

export function ensureLocalConfig(patch: Partial<LocalConfig> = {}): LocalConfig {
  const current = readLocalConfig();
  const next: LocalConfig = {
    authSecret: randomBytes(32).toString("base64url"),
    inngestSigningKey: `signkey-prod-${randomBytes(32).toString("hex")}`,
    inngestEventKey: randomBytes(24).toString("hex"),
    ...current,
    ...patch,
  };
  if (JSON.stringify(next) !== JSON.stringify(current)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
  }
  return next;
}
