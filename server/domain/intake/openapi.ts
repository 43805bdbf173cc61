// The intake API's OpenAPI 3.1 document, generated from the same zod schemas that validate requests
// (OpenAPI 3.1's schemas are JSON Schema 2020-12, which zod emits), so the two cannot drift apart.
import { z } from "zod";
import { intakeAnswer, intakeError } from "./answer";
import { bookingIntakeV1 } from "./booking-v1";
import { creditPaths, creditSchemas } from "@/server/domain/credits/openapi";

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
};

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/IntakeError" } } },
});

export function intakeOpenApi(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Booking operations: intake API",
      version: "1",
      description:
        "A checkout that has booked every item with its provider and charged the card hands the booking over. " +
        "Amounts are integer minor units (cents) with an ISO 4217 currency; times are local wall-clock times with their IANA zone.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/bookings": {
        post: {
          operationId: "createBooking",
          summary: "Hand over a charged booking",
          description:
            "Idempotent on the API client and `checkoutSessionId`: a retry with the same body gets the first answer " +
            "(with `Idempotent-Replayed: true`); the same id with another body is a 409. The 201 is sent after the booking, " +
            "its payments and its first event are committed; each item is then confirmed with its provider.",
          parameters: [
            {
              name: "X-Signature",
              in: "header",
              required: false,
              description:
                "Required when the API client has a signing secret: t=<unix seconds>,v1=<hex HMAC-SHA256 of `<t>.<body>`>",
              schema: { type: "string" },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/BookingIntakeV1" } } },
          },
          responses: {
            "201": {
              description: "Stored (or replayed): the booking is pending until its providers confirm it",
              content: { "application/json": { schema: { $ref: "#/components/schemas/IntakeAnswer" } } },
            },
            "400": error("The body is not JSON"),
            "401": error("Missing, unknown or revoked API key, or a missing or wrong signature"),
            "409": error(
              "The session id was used with another body, or a reference, provider booking or payment already belongs to another booking",
            ),
            "413": error("The body is over 1 MB"),
            "415": error("The body is not sent as application/json"),
            "422": error("A field is invalid: `issues` names each one"),
            "503": error("Not stored; retrying with the same checkoutSessionId is safe"),
          },
        },
      },
      ...creditPaths(error, jsonSchema),
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from the console's API clients page" },
      },
      schemas: {
        BookingIntakeV1: jsonSchema(bookingIntakeV1),
        IntakeAnswer: jsonSchema(intakeAnswer),
        IntakeError: jsonSchema(intakeError),
        ...creditSchemas(jsonSchema),
      },
    },
  };
}
