import { getDb } from "@/db/client";
import { auth } from "@/server/auth";
import { serveDocument } from "@/server/services/documents/serve-document";

// A document's PDF, to its owner only (traveler, the booking's guest, or ops); anyone else: 404.
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return serveDocument(getDb(), await auth(), id);
}
