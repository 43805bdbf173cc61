import type { Session } from "next-auth";
import type { Db } from "@/db/client";
import { documentStorage, type DocumentStorage } from "@/server/documents/storage";
import { documentViewerOf, getDocumentForViewer } from "./document-access";

const notFound = () =>
  new Response("Not found", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });

/**
 * The response for `GET /api/documents/[id]`: the PDF, streamed, to its owner only. Another
 * traveler, another booking's guest, an anonymous caller and a bad id all get the same 404, so a
 * document's existence is never revealed to someone who may not read it.
 */
export async function serveDocument(
  db: Db,
  session: Session | null,
  id: string,
  storage: DocumentStorage = documentStorage(),
): Promise<Response> {
  const doc = await getDocumentForViewer(db, documentViewerOf(session), id);
  if (!doc) return notFound();
  const file = await storage.open(doc.storageKey);
  if (!file) {
    console.error(`[documents] ${doc.id}: stored file ${doc.storageKey} is missing`);
    return notFound();
  }
  const name = `${doc.kind.replace("_", "-")}-${doc.reference}-v${doc.version}.pdf`.replace(/[^A-Za-z0-9._-]/g, "");
  return new Response(file.stream, {
    headers: {
      "content-type": doc.contentType,
      "content-length": String(file.size),
      "content-disposition": `inline; filename="${name}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
