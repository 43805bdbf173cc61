import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { type Actor, actorLabel } from "@/server/domain/actor";
import { keyDisplayPrefix } from "@/server/domain/api-keys";
import { DomainError } from "@/server/domain/errors";
import { generateApiKey, hashApiKey } from "./keys";
import { audit, lockClient } from "./manage-clients";

/**
 * A new key for a live client. The plaintext is in the answer and nowhere else: the row keeps its
 * sha256 and the first characters the console shows.
 */
export async function issueApiKey(db: Db, input: { clientId: string; name: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const c = await lockClient(tx, input.clientId);
    if (c.revokedAt)
      throw new DomainError("conflict", `API client "${c.name}" is revoked: it cannot be given a new key`, {
        field: "clientId",
      });
    const key = generateApiKey();
    const [row] = await tx
      .insert(apiKeys)
      .values({
        clientId: c.id,
        name: input.name,
        prefix: keyDisplayPrefix(key),
        keyHash: hashApiKey(key),
        createdBy: actorLabel(input.actor),
      })
      .returning({ id: apiKeys.id, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await audit(tx, c.id, row.id, "key_issued", input.actor);
    return { id: row.id, clientId: c.id, prefix: row.prefix, createdAt: row.createdAt, key };
  });
}

/** Revokes one key: refused from the next request on. Revoking twice changes nothing. */
export async function revokeApiKey(db: Db, input: { keyId: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [k] = await tx.select().from(apiKeys).where(eq(apiKeys.id, input.keyId)).for("update");
    if (!k) throw new DomainError("not_found", "No such API key", { field: "keyId" });
    if (k.revokedAt) return { id: k.id, revokedAt: k.revokedAt, changed: false };
    const now = new Date();
    await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedBy: actorLabel(input.actor) })
      .where(eq(apiKeys.id, k.id));
    await audit(tx, k.clientId, k.id, "key_revoked", input.actor);
    return { id: k.id, revokedAt: now, changed: true };
  });
}
