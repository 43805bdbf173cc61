import { intakeOpenApi } from "@/server/domain/intake/openapi";
import { env } from "@/server/env";

// The intake API's OpenAPI document, generated from the request schemas (server/domain/intake/openapi.ts).

export function GET() {
  return Response.json(intakeOpenApi(env.APP_URL));
}
