import { getDb } from "@/db/client";
import { readBody } from "@/server/http/body-limit";
import { ingestWebhook, MAX_WEBHOOK_BYTES, tooLarge } from "@/server/services/webhooks/ingest";
import { createProviderSecrets, type ProviderSecrets } from "@/server/services/webhooks/provider-secrets";
import { SIGNATURE_HEADER } from "@/server/services/webhooks/signature";

// Provider webhooks (contract in server/services/webhooks/ingest.ts). The launcher serves this
// path from server/webhooks/fast-path.ts before Next sees it; this handler is the same code
// without group commit, for deployments that run Next alone.
const g = globalThis as unknown as { __webhookSecrets?: ProviderSecrets };

export async function POST(req: Request, ctx: { params: Promise<{ provider: string }> }) {
  const { provider } = await ctx.params;
  const body = await readBody(req, MAX_WEBHOOK_BYTES);
  if (body === null) return json(tooLarge());
  const db = getDb();
  g.__webhookSecrets ??= createProviderSecrets(db);
  return json(
    await ingestWebhook(db, g.__webhookSecrets, { provider, signature: req.headers.get(SIGNATURE_HEADER), body }),
  );
}

const json = (r: { status: number; body: unknown }) =>
  Response.json(r.body, { status: r.status, headers: { "cache-control": "no-store" } });
