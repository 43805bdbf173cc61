export { GET_BALANCE as GET } from "@/server/http/routes/credits";
