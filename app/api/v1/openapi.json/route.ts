import { intakeOpenApi } from "@/server/domain/intake/openapi";
import { env } from "@/server/env";

// The intake API's OpenAPI document, generated from the request schemas (server/domain/intake/openapi.ts)
// once per process: the schemas do not change while it runs.
let document: string | undefined;

export function GET() {
  document ??= JSON.stringify(intakeOpenApi(env.APP_URL));
  return new Response(document, { headers: { "content-type": "application/json" } });
}
