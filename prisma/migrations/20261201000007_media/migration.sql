-- Videos, Live Photos and Motion Photos. Nullable columns and a constant default rewrite no row.
CREATE TYPE "MediaKind" AS ENUM ('photo', 'video');
ALTER TABLE "photos" ADD COLUMN "kind" "MediaKind" NOT NULL DEFAULT 'photo';
ALTER TABLE "photos" ADD COLUMN "duration_ms" INTEGER;
ALTER TABLE "photos" ADD COLUMN "playback_key" TEXT;
ALTER TABLE "photos" ADD COLUMN "motion_key" TEXT;
ALTER TABLE "photos" ADD COLUMN "content_identifier" TEXT;
ALTER TABLE "photos" ADD COLUMN "still_id" UUID;
ALTER TABLE "photos" ADD CONSTRAINT "photos_still_id_fkey" FOREIGN KEY ("still_id") REFERENCES "photos"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- A Live Photo's still and its clip find each other by the user's Apple content identifier.
CREATE INDEX "photos_user_id_content_identifier_idx" ON "photos" ("user_id", "content_identifier") WHERE "content_identifier" IS NOT NULL;
-- The clips of a still, for trashing, restoring and deleting them with it.
CREATE INDEX "photos_still_id_idx" ON "photos" ("still_id") WHERE "still_id" IS NOT NULL;
