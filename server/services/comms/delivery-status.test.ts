import { describe, expect, it } from "vitest";
import { nextStatus, retryDelayMs, statusOfResendEvent } from "./delivery-status";

describe("delivery status", () => {
  it("moves forward only, whatever order events arrive in", () => {
    expect(nextStatus("delivered", "sent")).toBe("delivered");
    expect(nextStatus("pending", "delivered")).toBe("delivered");
    expect(nextStatus("opened", "delivered")).toBe("opened");
    expect(nextStatus("failed", "sent")).toBe("sent");
  });
  it("lets a bounce or complaint win and keeps it", () => {
    expect(nextStatus("opened", "complained")).toBe("complained");
    expect(nextStatus("bounced", "delivered")).toBe("bounced");
    expect(nextStatus("cancelled", "sent")).toBe("cancelled");
  });
  it("maps Resend events; delivery_delayed changes nothing", () => {
    expect(statusOfResendEvent("email.bounced")).toBe("bounced");
    expect(statusOfResendEvent("email.delivery_delayed")).toBeNull();
  });
  it("backs off 5, 20, 80 minutes", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n) / 60_000)).toEqual([5, 20, 80]);
  });
});
