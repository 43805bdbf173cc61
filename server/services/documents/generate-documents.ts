import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, documents } from "@/db/schema";
import { renderDocument } from "@/server/documents/render";
import { documentStorage, type DocumentStorage } from "@/server/documents/storage";
import { planDocuments, type PlannedDocument } from "@/server/documents/views";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";
import { loadBookingSnapshot } from "./load-booking-snapshot";

export type GeneratedDocument = {
  id: string;
  kind: string;
  itemId: string | null;
  travelerIndex: number | null;
  version: number;
};
export type GenerateDocumentsResult = {
  bookingId: string;
  found: boolean;
  created: GeneratedDocument[];
  unchanged: number;
};

const keyOf = (d: { kind: string; itemId: string | null; travelerIndex: number | null }) =>
  `${d.kind}:${d.itemId ?? ""}:${d.travelerIndex ?? ""}`;

/** Content-addressed: a retried run writes the same key again, and equal content never makes a second file. */
const storageKeyOf = (bookingId: string, d: PlannedDocument) =>
  `${bookingId}/${d.kind}${d.itemId ? `-${d.itemId}` : ""}${d.travelerIndex !== null ? `-t${d.travelerIndex}` : ""}-${d.hash.slice(0, 24)}.pdf`;

async function latestVersions(db: Db | Tx, bookingId: string) {
  const rows = await db
    .selectDistinctOn([documents.kind, documents.bookingItemId, documents.travelerIndex], {
      kind: documents.kind,
      itemId: documents.bookingItemId,
      travelerIndex: documents.travelerIndex,
      version: documents.version,
      hash: documents.contentHash,
    })
    .from(documents)
    .where(eq(documents.bookingId, bookingId))
    .orderBy(documents.kind, documents.bookingItemId, documents.travelerIndex, sql`${documents.version} desc`);
  return new Map(rows.map((r) => [keyOf(r), r]));
}

/**
 * Renders the documents of a booking's current state and stores those whose content changed as a
 * new version (unchanged ones are skipped by their content hash, without rendering). Rendering and
 * storage happen before the transaction; the rows and the `documents/generated` event are written
 * in one transaction under the booking's row lock, so concurrent runs never number a version twice.
 * A failure raises a medium alert (one per booking while open) and is rethrown for the job to retry.
 */
export async function generateDocuments(
  db: Db,
  bookingId: string,
  opts: { storage?: DocumentStorage } = {},
): Promise<GenerateDocumentsResult> {
  try {
    return await generate(db, bookingId, opts.storage ?? documentStorage());
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const [exists] = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.id, bookingId));
    await raiseAlert(db, {
      severity: "medium",
      source: "documents",
      title: "Booking documents could not be generated",
      details: { error: message.slice(0, 500) },
      bookingId: exists ? bookingId : null,
      dedupeKey: `documents_failed:${bookingId}`,
    });
    throw e;
  }
}

async function generate(db: Db, bookingId: string, storage: DocumentStorage): Promise<GenerateDocumentsResult> {
  const snapshot = await loadBookingSnapshot(db, bookingId);
  if (!snapshot) return { bookingId, found: false, created: [], unchanged: 0 };
  const planned = planDocuments(snapshot);
  const before = await latestVersions(db, bookingId);
  const changed = planned.filter((d) => before.get(keyOf(d))?.hash !== d.hash);
  if (changed.length === 0) return { bookingId, found: true, created: [], unchanged: planned.length };

  // Outside any transaction: rendering is CPU work and storage is I/O (docs/architecture.md, "Events and jobs").
  const rendered: { doc: PlannedDocument; storageKey: string; size: number }[] = [];
  for (const doc of changed) {
    const bytes = await renderDocument(doc.view);
    const storageKey = storageKeyOf(bookingId, doc);
    await storage.put(storageKey, bytes);
    rendered.push({ doc, storageKey, size: bytes.byteLength });
  }

  const created = await db.transaction(async (tx) => {
    await tx.select({ id: bookings.id }).from(bookings).where(eq(bookings.id, bookingId)).for("update");
    const latest = await latestVersions(tx, bookingId);
    const out: GeneratedDocument[] = [];
    for (const { doc, storageKey, size } of rendered) {
      const prev = latest.get(keyOf(doc));
      if (prev?.hash === doc.hash) continue; // another run stored this content meanwhile
      const version = (prev?.version ?? 0) + 1;
      const [row] = await tx
        .insert(documents)
        .values({
          bookingId,
          bookingItemId: doc.itemId,
          kind: doc.kind,
          travelerIndex: doc.travelerIndex,
          version,
          storageKey,
          sizeBytes: size,
          contentHash: doc.hash,
        })
        .returning({ id: documents.id });
      out.push({ id: row.id, kind: doc.kind, itemId: doc.itemId, travelerIndex: doc.travelerIndex, version });
    }
    if (out.length > 0) {
      await tx
        .update(bookings)
        .set({ documentsGenerated: true })
        .where(and(eq(bookings.id, bookingId), eq(bookings.documentsGenerated, false)));
      await recordEvent(tx, "documents/generated", {
        bookingId,
        documents: out.map((d) => ({ id: d.id, kind: d.kind, version: d.version })),
      });
    }
    return out;
  });
  return { bookingId, found: true, created, unchanged: planned.length - created.length };
}
