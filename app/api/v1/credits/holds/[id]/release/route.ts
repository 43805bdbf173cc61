export { POST_RELEASE as POST } from "@/server/http/routes/credits";
