export { POST_HOLD as POST } from "@/server/http/routes/credits";
