import type { IncomingMessage, ServerResponse } from "node:http";

// Request body limits (issue 20): every route reads its body through readBody (readNodeBody on the
// launcher's fast paths), which stops at the
// limit whether or not Content-Length was sent (a chunked body has none), so no route parses or
// buffers more than it accepts.

/** tRPC, the JSON APIs and the Stripe and Resend webhooks. Provider webhooks keep their own, smaller one. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Uploads (imports, statements): streamed to disk with this cap, never held whole in memory. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export const sizeLabel = (bytes: number) =>
  bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : bytes % 1024 === 0
      ? `${bytes / 1024} KB`
      : `${bytes} bytes`;

export const tooLargeMessage = (max: number) => `Request bodies are limited to ${sizeLabel(max)} (${max} bytes)`;

/** The body's bytes, or null once it passes `max` (the rest is not read). */
export async function readBody(req: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(req.headers.get("content-length")) > max) return null;
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The same bytes as text (the webhook signatures cover them exactly). */
export const readText = async (req: Request, max: number) => {
  const bytes = await readBody(req, max);
  return bytes === null ? null : new TextDecoder().decode(bytes);
};

/** On node:http (the fast paths): the body, or null once it passes `max` (the rest is discarded). */
export function readNodeBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > max) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(size > max ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A JSON answer on node:http, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}
