export { GET_ERRORS as GET } from "@/server/http/routes/imports";
