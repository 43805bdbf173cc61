// Documents as files under a folder (DOCUMENTS_DIR, .data/documents): the default for one machine.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rm, writeFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { checkStorageKey, type DocumentStorage } from "./storage-port";

export function localDocumentStorage(root: string): DocumentStorage {
  const base = path.resolve(root);
  const file = (key: string) => path.join(base, checkStorageKey(key));
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
