export { POST_STATEMENT as POST } from "@/server/http/routes/payouts";
