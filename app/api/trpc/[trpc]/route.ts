import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_JSON_BODY_BYTES, readBody, tooLargeMessage } from "@/server/http/body-limit";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

const trpc = (req: Request) =>
  fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createTRPCContext() });

// Bodies are read up to the limit before tRPC parses them: a larger one is a 413 in tRPC's error
// shape (superjson-wrapped), never parsed.
async function handler(req: Request) {
  if (req.method !== "POST") return trpc(req);
  const body = await readBody(req, MAX_JSON_BODY_BYTES);
  if (body === null) {
    const data = { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 };
    const one = { error: { json: { message: tooLargeMessage(MAX_JSON_BODY_BYTES), code: -32013, data } } };
    // httpBatchLink reads one answer per procedure in the path ("a,b?batch=1").
    const url = new URL(req.url);
    const calls = url.pathname.slice(url.pathname.lastIndexOf("/") + 1).split(",").length;
    const reply = url.searchParams.get("batch") ? Array.from({ length: calls }, () => one) : one;
    return Response.json(reply, { status: 413, headers: { connection: "close" } });
  }
  return trpc(new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal }));
}

export { handler as GET, handler as POST };
