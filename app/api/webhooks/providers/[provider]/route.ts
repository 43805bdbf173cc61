// The handler lives in server/http/routes/provider-webhook.ts (app/ never imports db/: docs/architecture.md, "Layers").
export { POST } from "@/server/http/routes/provider-webhook";
