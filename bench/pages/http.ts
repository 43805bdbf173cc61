// A small cookie jar over Node's fetch, and a request timed to the last byte of its body.

export class Jar {
  private readonly cookies = new Map<string, string>();

  /** Keeps the response's Set-Cookie headers (a cookie set empty, Max-Age=0 or expired is dropped). */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone =
        value === "" ||
        attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now());
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  has(fragment: string): boolean {
    return [...this.cookies.keys()].some((k) => k.includes(fragment));
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  list(): { name: string; value: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value }));
  }
}

export type Call = { method: string; url: string; headers: Record<string, string>; body?: string };

/** Sends the request with the jar's cookies and no cache, reads the whole body; status and bytes. */
export async function load(call: Call, jar: Jar | null): Promise<{ status: number; bytes: number }> {
  const res = await fetch(call.url, {
    method: call.method,
    headers: { ...call.headers, "cache-control": "no-cache", ...(jar ? { cookie: jar.header() } : {}) },
    body: call.body,
    redirect: "manual",
  });
  const body = await res.arrayBuffer();
  return { status: res.status, bytes: body.byteLength };
}

export const form = (base: string, path: string, jar: Jar, fields: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
