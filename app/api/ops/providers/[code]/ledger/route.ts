export { GET_LEDGER as GET } from "@/server/http/routes/payouts";
