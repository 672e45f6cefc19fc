-- When the photo was moved to the trash; null while it is in the library. A nullable column
-- without a default rewrites no row.
ALTER TABLE "photos" ADD COLUMN "trashed_at" TIMESTAMPTZ(3);
-- The trash page (newest deleted first) and the nightly purge (oldest first) read only trashed rows.
CREATE INDEX "photos_user_id_trashed_at_id_idx" ON "photos" ("user_id", "trashed_at" DESC, "id" DESC) WHERE "trashed_at" IS NOT NULL;
CREATE INDEX "photos_trashed_at_id_idx" ON "photos" ("trashed_at", "id") WHERE "trashed_at" IS NOT NULL;
