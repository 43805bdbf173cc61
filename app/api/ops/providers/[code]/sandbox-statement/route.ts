export { GET_SANDBOX_STATEMENT as GET } from "@/server/http/routes/payouts";
