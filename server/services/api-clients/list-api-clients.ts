import { asc, desc, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiClients, apiKeys } from "@/db/schema";

/**
 * The console's list: every client (live first, then by creation) with its keys, newest first,
 * revoked ones included. Secrets never leave: a client says only whether it has one. A handful of
 * clients with a few keys each, so two small reads.
 */
export async function listApiClients(db: Db) {
  const [clients, keys] = await Promise.all([
    db
      .select({
        id: apiClients.id,
        name: apiClients.name,
        kind: apiClients.kind,
        signed: sql<boolean>`${apiClients.signingSecret} is not null`,
        createdAt: apiClients.createdAt,
        createdBy: apiClients.createdBy,
        revokedAt: apiClients.revokedAt,
        revokedBy: apiClients.revokedBy,
      })
      .from(apiClients)
      .orderBy(asc(isNotNull(apiClients.revokedAt)), asc(apiClients.createdAt), asc(apiClients.id)),
    db
      .select({
        id: apiKeys.id,
        clientId: apiKeys.clientId,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        createdAt: apiKeys.createdAt,
        createdBy: apiKeys.createdBy,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
        revokedBy: apiKeys.revokedBy,
      })
      .from(apiKeys)
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)),
  ]);
  return clients.map((c) => ({
    ...c,
    keys: keys.filter((k) => k.clientId === c.id).map(({ clientId: _, ...k }) => k),
  }));
}
