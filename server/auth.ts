import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { cache } from "react";
import type { EmailConfig } from "next-auth/providers/email";
import { z } from "zod";
import { getDb } from "@/db/client";
import { readLocalConfig } from "@/db/local-config";
import { accounts, users, verificationTokens } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { minutesUntil } from "@/server/domain/rate-limit";
import { env } from "@/server/env";
import { clientAddressHeader } from "@/server/http/client-address";
import { renderEmail } from "@/emails";
import { emailChannel } from "@/server/notify";
import { guestLookup } from "@/server/services/auth/guest-lookup";
import { hitSignInLinkLimit } from "@/server/services/auth/sign-in-link-limit";

export type SessionRole = "traveler" | "ops" | "guest";

declare module "next-auth" {
  interface User {
    role?: SessionRole;
    bookingId?: string;
  }
  interface Session {
    user: { id: string; email?: string | null; name?: string | null; role: SessionRole; bookingId?: string };
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    role?: SessionRole;
    bookingId?: string;
    uid?: string;
  }
}

/** A guest look-up refused by its rate limit; the server action reads `retryAt` to say how long to wait. */
export class GuestLookupLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAt: Date) {
    super();
  }
}

const guestInput = z.object({
  reference: z.string().trim().min(4).max(20),
  lastName: z.string().trim().min(1).max(100),
});

/**
 * Magic links go out through the notify port's e-mail channel (Resend, or locally the mail outbox
 * table, where e2e tests read the link from the plain-text part: keep the bare URL in it).
 */
const emailProvider: EmailConfig = {
  id: "email",
  type: "email",
  name: "Email",
  from: env.MAIL_FROM,
  maxAge: 24 * 60 * 60,
  options: {},
  normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
  async sendVerificationRequest({ identifier, url }) {
    const mail = await renderEmail({ id: "sign_in", props: { url, appUrl: env.APP_URL } });
    await emailChannel(getDb()).send({ to: identifier, tag: "sign_in", ...mail });
    if (env.NODE_ENV !== "production") console.log(`[auth] sign-in link for ${identifier}: ${url}`);
  },
};

/** `req` is the request on /api/auth; undefined in a server action, whose request `headers()` reads. */
function config(req?: Request): NextAuthConfig {
  const db = getDb();
  // Written by the app server from the socket (and trusted proxies only), never the client's own header.
  const clientIp = async () => (req?.headers ?? (await headers())).get(clientAddressHeader) ?? "unknown";
  return {
    secret: env.AUTH_SECRET ?? readLocalConfig()?.authSecret,
    trustHost: true,
    // JWT sessions: the guest Credentials sign-in requires them (docs/architecture.md, "Sign-in and guests").
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      verificationTokensTable: verificationTokens,
    }),
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
    // A wrong guest look-up is an answer, not a fault: Auth.js would log each with a stack trace.
    logger: {
      error(error) {
        if (!(error instanceof CredentialsSignin)) console.error(error);
      },
    },
    providers: [
      emailProvider,
      Credentials({
        id: "guest",
        name: "Booking reference",
        credentials: { reference: {}, lastName: {} },
        async authorize(raw, request) {
          const parsed = guestInput.safeParse(raw);
          if (!parsed.success) return null;
          const ip = request.headers.get(clientAddressHeader) ?? "unknown";
          try {
            const found = await guestLookup(
              db,
              { ...parsed.data, ip },
              {
                perAddress: env.GUEST_LOOKUP_LIMIT,
                perReference: env.GUEST_LOOKUP_REFERENCE_LIMIT,
                windowSeconds: env.GUEST_LOOKUP_WINDOW_SECONDS,
              },
            );
            if (!found) return null;
            return {
              id: `guest:${found.bookingId}`,
              name: parsed.data.lastName,
              role: "guest",
              bookingId: found.bookingId,
            };
          } catch (e) {
            if (e instanceof DomainError && e.code === "rate_limited") {
              throw new GuestLookupLimited(e.details?.retryAt as Date);
            }
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      /**
       * Asking for a sign-in link is rate-limited here, before a token is made or a mail is sent;
       * a refusal goes back to the sign-in page with the wait, the same for any address.
       */
      async signIn({ user, email }) {
        if (!email?.verificationRequest) return true;
        const limit = await hitSignInLinkLimit(
          db,
          { email: user.email ?? "", ip: await clientIp() },
          {
            perEmail: env.SIGN_IN_LINK_LIMIT,
            perAddress: env.SIGN_IN_LINK_ADDRESS_LIMIT,
            windowSeconds: env.SIGN_IN_LINK_WINDOW_SECONDS,
          },
        );
        if (limit.allowed) return true;
        return `/signin?${new URLSearchParams({ error: "TooManyRequests", minutes: String(minutesUntil(limit.retryAt)) })}`;
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.bookingId = user.bookingId;
          token.role = user.role === "guest" ? "guest" : await roleOf(user.id!, user.email ?? null);
        }
        return token;
      },
      session({ session, token }) {
        session.user.id = token.uid ?? token.sub ?? "";
        session.user.role = token.role ?? "traveler";
        session.user.bookingId = token.bookingId;
        return session;
      },
    },
  };

  /** The ops role: from the users table, or an e-mail listed in ADMIN_EMAILS (then stored). */
  async function roleOf(userId: string, email: string | null): Promise<SessionRole> {
    const [u] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
    if (u?.role === "ops") return "ops";
    if (email && env.ADMIN_EMAILS.includes(email.toLowerCase())) {
      await db.update(users).set({ role: "ops" }).where(eq(users.id, userId));
      return "ops";
    }
    return "traveler";
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);

/** The request's session, read once per server render however many layouts, pages and procedures ask. */
export const currentSession = cache(() => auth());
