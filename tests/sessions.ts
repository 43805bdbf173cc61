import type { Session } from "next-auth";
import type { Db } from "@/db/client";
import { createCaller } from "@/server/trpc/root";

const expires = new Date(Date.now() + 3600_000).toISOString();

export const sessions = {
  ops: (email = "founder@example.com"): Session => ({
    user: { id: "00000000-0000-4000-8000-000000000001", email, role: "ops" },
    expires,
  }),
  traveler: (id: string, email: string): Session => ({ user: { id, email, role: "traveler" }, expires }),
  guest: (bookingId: string): Session => ({ user: { id: `guest:${bookingId}`, role: "guest", bookingId }, expires }),
};

/** A tRPC caller as a given session sees the API (no HTTP, same procedures and middleware). */
export const callerAs = (db: Db, session: Session | null) => createCaller({ db, session });
