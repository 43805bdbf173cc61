import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apiClients, apiKeys } from "@/db/schema";
import { type Actor, actorLabel } from "@/server/domain/actor";
import type { ApiClientChange } from "@/server/domain/api-keys";
import { DomainError } from "@/server/domain/errors";
import { recordEvent } from "@/server/services/events/record-event";
import { IMPORT_CLIENT_ID } from "./import-client";
import { generateSigningSecret } from "./keys";

// Operators manage who may call the intake API. Each change is one transaction: the row, who did it
// (created_by / revoked_by) and the `api_client/changed` audit event (docs/architecture.md, "Capabilities").

export const audit = (tx: Tx, clientId: string, keyId: string | null, change: ApiClientChange, by: Actor) =>
  recordEvent(tx, "api_client/changed", { clientId, keyId, change, by });

/** The client row, locked for the change; unknown ids are not_found. */
export async function lockClient(tx: Tx, clientId: string) {
  const [c] = await tx.select().from(apiClients).where(eq(apiClients.id, clientId)).for("update");
  if (!c) throw new DomainError("not_found", "No such API client", { field: "clientId" });
  return c;
}

/** A new checkout client. Names are unique (revoked clients keep theirs), so the console never shows two alike. */
export async function createApiClient(db: Db, input: { name: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(apiClients)
      .values({ name: input.name, kind: "checkout", createdBy: actorLabel(input.actor) })
      .onConflictDoNothing({ target: apiClients.name })
      .returning({ id: apiClients.id, name: apiClients.name, kind: apiClients.kind, createdAt: apiClients.createdAt });
    if (!c) throw new DomainError("conflict", `An API client named "${input.name}" already exists`, { field: "name" });
    await audit(tx, c.id, null, "client_created", input.actor);
    return c;
  });
}

/**
 * Revokes a client and every key it still has: its requests are refused from the next one on.
 * Revoking twice changes nothing. The built-in import client cannot be revoked (imports run as it).
 */
export async function revokeApiClient(db: Db, input: { clientId: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const c = await lockClient(tx, input.clientId);
    if (c.id === IMPORT_CLIENT_ID)
      throw new DomainError("invalid", "The built-in import client cannot be revoked: imports run as it", {
        field: "clientId",
      });
    if (c.revokedAt) return { id: c.id, revokedAt: c.revokedAt, changed: false };
    const now = new Date();
    const by = actorLabel(input.actor);
    await tx.update(apiClients).set({ revokedAt: now, revokedBy: by }).where(eq(apiClients.id, c.id));
    await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedBy: by })
      .where(and(eq(apiKeys.clientId, c.id), isNull(apiKeys.revokedAt)));
    await audit(tx, c.id, null, "client_revoked", input.actor);
    return { id: c.id, revokedAt: now, changed: true };
  });
}

/**
 * A new signing secret for the client (replacing any earlier one at once), returned only here.
 * From the next request on, every request of the client must carry a valid X-Signature made with it.
 */
export async function rotateSigningSecret(db: Db, input: { clientId: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const c = await lockClient(tx, input.clientId);
    if (c.revokedAt) throw new DomainError("conflict", `API client "${c.name}" is revoked`, { field: "clientId" });
    const secret = generateSigningSecret();
    await tx.update(apiClients).set({ signingSecret: secret }).where(eq(apiClients.id, c.id));
    await audit(tx, c.id, null, "secret_rotated", input.actor);
    return { clientId: c.id, secret };
  });
}

/** Signatures become optional again for the client. Clearing when none is set changes nothing. */
export async function clearSigningSecret(db: Db, input: { clientId: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const c = await lockClient(tx, input.clientId);
    if (c.signingSecret === null) return { clientId: c.id, changed: false };
    await tx.update(apiClients).set({ signingSecret: null }).where(eq(apiClients.id, c.id));
    await audit(tx, c.id, null, "secret_cleared", input.actor);
    return { clientId: c.id, changed: true };
  });
}
