-- Accounts: the instance's admin, disabled accounts and per-account quotas (null: unlimited).
ALTER TABLE "users" ADD COLUMN "is_admin" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "users" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "quota_bytes" BIGINT;

-- An existing instance gets its oldest account as its admin.
UPDATE "users" SET "is_admin" = true
 WHERE "id" = (SELECT "id" FROM "users" ORDER BY "created_at", "id" LIMIT 1);
