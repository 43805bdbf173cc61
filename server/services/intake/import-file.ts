// Import files on disk (docs/architecture.md, "Imports"): an upload is streamed to a file under
// .data/imports/ with its cap, counting its lines on the way, and never held whole in memory.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { dataDir } from "@/db/local-config";

export const importDir = () => path.join(dataDir, "imports");

const NL = 0x0a;

/** Counts lines in a stream of bytes as readline sees them (a last line without a newline counts). */
function lineCounter() {
  let lines = 0;
  let last = NL;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) lines++;
      if (chunk.length) last = chunk[chunk.length - 1];
      done(null, chunk);
    },
  });
  return { counter, lines: () => lines + (last === NL ? 0 : 1) };
}

/** The lines of a file, read as a stream. */
export async function countLines(file: string): Promise<number> {
  const { counter, lines } = lineCounter();
  await pipeline(createReadStream(file), counter, async function* (source) {
    for await (const _ of source) void _;
  });
  return lines();
}

export class UploadTooLarge extends Error {}

/**
 * Writes an upload to a new file under .data/imports/, stopping at `max` bytes (the partial file is
 * removed and UploadTooLarge thrown). Answers where it is and how many lines it has.
 */
export async function storeUpload(
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array>,
  max: number,
): Promise<{ file: string; bytes: number; lines: number }> {
  await mkdir(importDir(), { recursive: true });
  const file = path.join(importDir(), `${randomUUID()}.ndjson`);
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > max ? new UploadTooLarge() : null, chunk);
    },
  });
  const { counter, lines } = lineCounter();
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), cap, counter, createWriteStream(file));
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  return { file, bytes, lines: bytes === 0 ? 0 : lines() };
}

export const removeImportFile = (file: string) => rm(file, { force: true });
