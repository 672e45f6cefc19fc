import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate`; migrations are applied by lib/db/migrate.ts
// (see README, "Migrations"), so no datasource URL is needed here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
