// The storage port for generated documents. Local default: files under a folder (DOCUMENTS_DIR,
// .data/documents). A deployment with several app servers swaps in an object store behind the
// same four calls; keys are opaque paths made by the documents service.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rm, writeFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { env } from "@/server/env";

export interface DocumentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /** A stream of the stored bytes and their size, for serving without loading the file whole. */
  open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null>;
  delete(key: string): Promise<void>;
}

export function localDocumentStorage(root: string): DocumentStorage {
  const base = path.resolve(root);
  const file = (key: string) => {
    // Keys come from the service, but a key that climbs out of the folder is refused all the same.
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.includes(".."))
      throw new RangeError(`Bad storage key ${key}`);
    return path.join(base, key);
  };
  const missing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === "ENOENT";
  return {
    async put(key, bytes) {
      const f = file(key);
      await mkdir(path.dirname(f), { recursive: true });
      // Write then rename: a reader never sees half a PDF, and a retried put of the same key is harmless.
      const tmp = `${f}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, f);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch (e) {
        if (missing(e)) return null;
        throw e;
      }
    },
    async open(key) {
      const f = file(key);
      try {
        const { size } = await stat(f);
        return { stream: Readable.toWeb(createReadStream(f)) as ReadableStream<Uint8Array>, size };
      } catch (e) {
        if (missing(e)) return null;
        throw e;
      }
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}

const g = globalThis as unknown as { __documentStorage?: DocumentStorage };
/** The app's document storage (the local folder unless a deployment provides another). */
export function documentStorage(): DocumentStorage {
  g.__documentStorage ??= localDocumentStorage(env.DOCUMENTS_DIR);
  return g.__documentStorage;
}

/** Tests and benches (and a deployment's object store): `documentStorage()` returns this from now on. */
export function provideDocumentStorage(storage: DocumentStorage): void {
  g.__documentStorage = storage;
}
