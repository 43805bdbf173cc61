import type { IncomingMessage } from "node:http";

/** The header the app server (scripts/server.ts) writes with the client's address, replacing any the client sent. */
export const clientAddressHeader = "x-real-ip";

/**
 * The address a request came from, for per-address limits (the guest look-up). X-Forwarded-For is
 * written by whoever sends the request, so only the entries added by our own proxies count
 * (`trustedHops`, TRUSTED_PROXY_HOPS, 0 by default): each appends the address it saw, so the client
 * is the entry `trustedHops` from the right; anything left of it may be forged. With no proxy, the
 * socket's peer is the client.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const direct = (peer ?? "unknown").replace(/^::ffff:/, "");
  if (trustedHops <= 0 || !forwardedFor) return direct;
  const chain = [forwardedFor]
    .flat()
    .join(",")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return chain.at(-trustedHops) ?? chain[0] ?? direct;
}

/** Sets the client's address on the request as the rest of the app reads it. */
export function stampClientAddress(req: IncomingMessage, trustedHops: number) {
  req.headers[clientAddressHeader] = clientAddress(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    trustedHops,
  );
}
