// The handler lives in server/http/routes/stripe-webhook.ts (app/ never imports db/: docs/architecture.md, "Layers").
export { POST } from "@/server/http/routes/stripe-webhook";
