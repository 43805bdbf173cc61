// Fixed people and bookings in every demo database, so that docs, e2e tests and a person trying the
// app can sign in and find something. The generator places them at fixed indices (see booking.ts).
export const demoFixtures = {
  admin: { email: (process.env.ADMIN_EMAILS ?? "founder@example.com").split(",")[0].trim().toLowerCase() },
  traveler: { email: "traveler@example.com", firstName: "Lucia", reference: "GD-DEMO01", lastName: "Garcia" },
  other: { email: "other@example.com", firstName: "Haruto", reference: "GD-DEMO02", lastName: "Tanaka" },
} as const;
