-- When the nightly scrub last found the original's bytes to have the row's SHA-256. Rows that
-- exist already take the epoch, so they are read first; the fast default rewrites no row.
ALTER TABLE "photos" ADD COLUMN "verified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT '1970-01-01T00:00:00Z';
ALTER TABLE "photos" ALTER COLUMN "verified_at" SET DEFAULT now();
CREATE INDEX "photos_verified_at_id_idx" ON "photos" ("verified_at", "id");

-- Consecutive deliveries a push service refused (not "gone"): the subscription is dropped after a few.
ALTER TABLE "push_subscriptions" ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0;
