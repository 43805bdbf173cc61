import { describe, expect, it } from "vitest";
import { errorMessage, fieldErrorOf } from "./error-message";

describe("errorMessage", () => {
  it("names each field zod refused, from our errorFormatter's shape", () => {
    const e = {
      message: "[{...}]",
      data: {
        httpStatus: 400,
        zodError: { formErrors: [], fieldErrors: { amountMinor: ["Too small"], reason: ["Required"] } },
      },
    };
    expect(errorMessage(e)).toBe("amountMinor: Too small; reason: Required");
    expect(fieldErrorOf(e, "reason")).toBe("Required");
    expect(fieldErrorOf(e, "currency")).toBeUndefined();
  });

  it("keeps a domain error's own message", () => {
    expect(errorMessage({ message: "Quote expired", data: { httpStatus: 412, zodError: null } })).toBe("Quote expired");
    expect(errorMessage(new Error("Refund exceeds what was paid"))).toBe("Refund exceeds what was paid");
  });

  it("says what a bare code means, and what a network failure means", () => {
    expect(errorMessage({ message: "UNAUTHORIZED", data: { httpStatus: 401 } })).toMatch(/Sign in again/);
    expect(errorMessage({ message: "FORBIDDEN", data: { httpStatus: 403 } })).toBe("You do not have access to this.");
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/Could not reach the server/);
  });

  it("turns a raw zod issue list into lines, never shows JSON", () => {
    const raw = JSON.stringify([{ path: ["items", 0, "date"], message: "Invalid date" }]);
    expect(errorMessage(new Error(raw))).toBe("items.0.date: Invalid date");
    expect(errorMessage(new Error("{not json"))).toBe("That request was refused.");
  });

  it("always has something to say", () => {
    expect(errorMessage(undefined)).toBe("Something went wrong. Try again.");
    expect(errorMessage("Plain words")).toBe("Plain words");
  });
});
