// Signing in over HTTP the way a person does (server/auth.ts): an e-mail link read from the local
// mail outbox (as e2e/helpers.ts does), or a guest's booking reference and last name.
import type { Sql } from "postgres";
import { form, Jar } from "./http";

async function csrf(base: string, jar: Jar): Promise<string> {
  const res = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.take(res);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** The session's role, and a check that the jar now holds a session. */
async function role(base: string, jar: Jar, who: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/session`, { headers: { cookie: jar.header() } });
  const session = (await res.json()) as { user?: { role?: string } } | null;
  if (!jar.has("session-token") || !session?.user) throw new Error(`sign-in as ${who} gave no session`);
  return session.user.role ?? "?";
}

export async function signInByEmail(base: string, sql: Sql, email: string): Promise<Jar> {
  const jar = new Jar();
  const csrfToken = await csrf(base, jar);
  const [{ since }] = await sql<{ since: Date }[]>`select now() as since`;
  const asked = await form(base, "/api/auth/signin/email", jar, { csrfToken, email, callbackUrl: `${base}/` });
  jar.take(asked);
  const where = asked.headers.get("location") ?? "";
  if (asked.status !== 302 || where.includes("error"))
    throw new Error(`asking a link for ${email}: ${asked.status} ${where}`);
  let link: string | undefined;
  for (let i = 0; i < 50 && !link; i++) {
    const [mail] = await sql<{ text: string }[]>`
      select text from mail_outbox where lower(to_address) = ${email} and tag = 'sign_in' and created_at >= ${since}
      order by created_at desc limit 1`;
    link = mail && /https?:\/\/\S+/.exec(mail.text)?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  if (!link) throw new Error(`no sign-in e-mail to ${email} in mail_outbox`);
  const opened = await fetch(link, { headers: { cookie: jar.header() }, redirect: "manual" });
  jar.take(opened);
  await opened.arrayBuffer();
  await role(base, jar, email);
  return jar;
}

export async function signInAsGuest(base: string, reference: string, lastName: string): Promise<Jar> {
  const jar = new Jar();
  const csrfToken = await csrf(base, jar);
  const res = await form(base, "/api/auth/callback/guest", jar, {
    csrfToken,
    reference,
    lastName,
    callbackUrl: `${base}/`,
  });
  jar.take(res);
  await res.arrayBuffer();
  await role(base, jar, `guest ${reference}`);
  return jar;
}
