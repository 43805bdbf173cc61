export { POST } from "@/server/http/routes/imports";
