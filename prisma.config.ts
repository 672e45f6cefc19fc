import { defineConfig } from "prisma/config";

// The app applies migrations itself (scripts/migrations.ts; README, "Migrations"). The URL is for
// the Prisma CLI's migrate commands, which refuse to run without it; `prisma generate` needs none,
// so a fresh install without DATABASE_URL still generates the client.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
});
