// The handler lives in server/http/routes/wallet-pass.ts (app/ never imports db/: docs/architecture.md, "Layers").
export { GET } from "@/server/http/routes/wallet-pass";
