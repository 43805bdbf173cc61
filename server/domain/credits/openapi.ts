// The /api/v1/credits part of the intake API's OpenAPI document (server/domain/intake/openapi.ts),
// from the schemas that validate the requests (server/domain/credits/api.ts).
import type { z } from "zod";
import { balanceAnswer, balanceQuery, holdAnswer, holdRequest } from "./api";

type ErrorResponse = (description: string) => unknown;
const ok = (description: string, schema: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } },
});

export function creditSchemas(jsonSchema: (s: z.ZodType) => object) {
  return {
    CreditBalance: jsonSchema(balanceAnswer),
    CreditHoldRequest: jsonSchema(holdRequest),
    CreditHold: jsonSchema(holdAnswer),
  };
}

export function creditPaths(error: ErrorResponse, jsonSchema: (s: z.ZodType) => object) {
  const query = Object.entries(balanceQuery.shape).map(([name, s]) => ({
    name,
    in: "query",
    required: !s.safeParse(undefined).success,
    description: s.description,
    schema: jsonSchema(s),
  }));
  return {
    "/api/v1/credits/balance": {
      get: {
        operationId: "getCreditBalance",
        summary: "An account's travel credit per currency",
        parameters: query,
        responses: {
          "200": ok("Balance, held and available credit, with each grant's expiry", "CreditBalance"),
          "401": error("Missing, unknown or revoked API key, or a missing or wrong signature"),
          "422": error("A query parameter is invalid: `issues` names it"),
        },
      },
    },
    "/api/v1/credits/holds": {
      post: {
        operationId: "holdCredit",
        summary: "Reserve travel credit for a checkout",
        description:
          "The hold lasts 30 minutes. Send its id as a `credit` tender to POST /api/v1/bookings, which captures it " +
          "in the booking's transaction (any rest is released), or release it. Idempotent on `idempotencyKey`.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/CreditHoldRequest" } } },
        },
        responses: {
          "201": ok("Held", "CreditHold"),
          "200": ok("Replayed: this idempotency key's hold (`Idempotent-Replayed: true`)", "CreditHold"),
          "401": error("Missing, unknown or revoked API key, or a missing or wrong signature"),
          "404": error("No such account"),
          "409": error("The idempotency key already placed a different hold"),
          "422": error("Invalid, more than the available credit, or a currency the account holds no credit in"),
        },
      },
    },
    "/api/v1/credits/holds/{id}/release": {
      post: {
        operationId: "releaseCreditHold",
        summary: "Give a hold back",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: {
          "200": ok("Released (releasing again answers the same)", "CreditHold"),
          "401": error("Missing, unknown or revoked API key, or a missing or wrong signature"),
          "404": error("No such hold for this API client"),
          "409": error("Already captured or expired"),
        },
      },
    },
  };
}
