-- A per-user session version: sessions and API tokens carry the version they were issued under, and
-- "sign out everywhere" or a password reset adds one, ending them all at once. Fast defaults: no row is rewritten.
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "api_tokens" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;

-- When a token stops working by itself; null: never.
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
