// The app's HTTP server: Next.js behind fast paths for provider webhooks and booking intake
// (docs/architecture.md, "Process layout"). Webhooks are verified, stored and committed by the same code as the Next route, but
// without Next's per-request cost and with group commit, which is what reaches the ingest target.
//   tsx scripts/server.ts [--dev]      (started by scripts/launch.ts with the environment set)
import { createServer } from "node:http";
import next from "next";
import { getDb } from "@/db/client";
import { documentStorage } from "@/server/documents/storage";
import { env } from "@/server/env";
import { stampClientAddress } from "@/server/http/client-address";
import { createIntakeFastPath } from "@/server/http/intake-fast-path";
import { createWebhookFastPath } from "@/server/webhooks/fast-path";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
// The public host name, not the bind address: Next and Auth.js build absolute URLs (redirects after
// sign-in) from it, and cookies only follow the host the browser used.
const hostname = new URL(process.env.APP_URL ?? `http://localhost:${port}`).hostname;
const app = next({ dev, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();
const webhooks = createWebhookFastPath(getDb());
const intake = createIntakeFastPath(getDb());
documentStorage(); // a document store set up wrongly (DOCUMENTS_STORE=s3 with no bucket) stops the start, not a job later

const server = createServer((req, res) => {
  stampClientAddress(req, env.TRUSTED_PROXY_HOPS);
  webhooks(req, res)
    .then(async (handled) => handled || (await intake(req, res)) || handle(req, res))
    .catch((e) => {
      console.error(e);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
});
server.keepAliveTimeout = 65_000;
server.listen(port, () => console.log(`ready on http://localhost:${port}${dev ? " (dev)" : ""}`));
// Accepted webhooks get their answer (after their commit) before the process goes.
const close = () => server.close(() => void webhooks.drain().then(() => process.exit(0)));
process.on("SIGTERM", close);
process.on("SIGINT", close);
