// How /api/inngest is served, for the Next route and the test/bench app alike (issue 20, item 4).

export const servePath = "/api/inngest";

/**
 * The SDK's `serveOrigin`/`servePath`: a sync registers APP_URL's origin whatever Host the PUT
 * came in on, so Inngest (Cloud or self-hosted) only ever calls the app's own address.
 */
export const serveSettings = (appUrl: string) => ({ serveOrigin: new URL(appUrl).origin, servePath });

/**
 * A sync (PUT, unauthenticated by the SDK's design) through any host but APP_URL's is refused
 * outright: behind a proxy, the proxy must pass the public Host header through.
 */
export const isForeignSync = (method: string | undefined, host: string | null | undefined, appUrl: string) =>
  method === "PUT" && host?.toLowerCase() !== new URL(appUrl).host;

export const foreignSyncMessage = "Sync refused: PUT /api/inngest is accepted only through APP_URL's host";
