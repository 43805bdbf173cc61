// Which document store the app uses: a local folder (the default, one machine) or an S3-compatible
// bucket (DOCUMENTS_STORE=s3: several app servers), chosen once per process from the environment.
import { env } from "@/server/env";
import { localDocumentStorage } from "./local-storage";
import { s3DocumentStorage } from "./s3-storage";
import type { DocumentStorage } from "./storage-port";

export type { DocumentStorage } from "./storage-port";
export { localDocumentStorage } from "./local-storage";

function fromEnvironment(): DocumentStorage {
  if (env.DOCUMENTS_STORE === "local") return localDocumentStorage(env.DOCUMENTS_DIR);
  if (!env.DOCUMENTS_S3_BUCKET) throw new Error("DOCUMENTS_STORE=s3 needs DOCUMENTS_S3_BUCKET (README, Deploying)");
  return s3DocumentStorage({
    bucket: env.DOCUMENTS_S3_BUCKET,
    prefix: env.DOCUMENTS_S3_PREFIX,
    region: env.DOCUMENTS_S3_REGION,
    endpoint: env.DOCUMENTS_S3_ENDPOINT,
    forcePathStyle: env.DOCUMENTS_S3_FORCE_PATH_STYLE,
  });
}

const g = globalThis as unknown as { __documentStorage?: DocumentStorage };
/** The app's document storage. */
export function documentStorage(): DocumentStorage {
  g.__documentStorage ??= fromEnvironment();
  return g.__documentStorage;
}

/** Tests and benches: `documentStorage()` returns this from now on. */
export function provideDocumentStorage(storage: DocumentStorage): void {
  g.__documentStorage = storage;
}
