export { POST } from "@/server/http/routes/intake";
