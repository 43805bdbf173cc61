import { databaseUrl } from "@/db/client";
import { runMigrations } from "@/db/migrate";

await runMigrations(databaseUrl());
console.log("migrations applied");
