-- The thumbnail specification (sizes, quality) a photo's thumbnails were made with; photos made
-- before it existed were made with the first. A constant default adds the column without
-- rewriting the table.
ALTER TABLE "photos" ADD COLUMN "thumbnail_version" INTEGER NOT NULL DEFAULT 1;

-- Ready photos by version, for the walk that remakes outdated thumbnails (keyset on version, id).
CREATE INDEX "photos_ready_thumbnail_version_id_idx" ON "photos" ("thumbnail_version", "id") WHERE "status" = 'ready';
