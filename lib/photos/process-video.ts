import path from "node:path";
import { makeFromOriginal, THUMBNAIL_CACHE_CONTROL } from "@/lib/photos/generate-thumbnails";
import { markVideoReady, pairLivePhoto } from "@/lib/photos/photo-repository";
import { probeVideo } from "@/lib/photos/probe-video";
import { renderThumbnails, THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { extractPoster, writePlayback } from "@/lib/photos/transcode-video";
import { objectKeys, putFile } from "@/lib/storage";

/**
 * A video's job: probes it (duration, display size, capture time, Apple content identifier),
 * makes the three WebP thumbnails from one upright frame, and the H.264/AAC MP4 every browser
 * plays when the original is not one already, then marks it ready and pairs a Live Photo's clip
 * with its still. Returns false when it was deleted meanwhile.
 */
export function processVideo(photoId: string): Promise<boolean> {
  return makeFromOriginal(photoId, async (photo, originalPath, workDir) => {
    const probe = await probeVideo(originalPath);
    const posterPath = path.join(workDir, "poster.png");
    await extractPoster(originalPath, posterPath, probe);
    const rendered = await renderThumbnails(posterPath);

    const playbackPath = path.join(workDir, "playback.mp4");
    let playbackKey = objectKeys.original(photo.userId, photo.id);
    const storedKeys: string[] = [];
    if (await writePlayback(originalPath, playbackPath, probe, photo.contentType)) {
      playbackKey = objectKeys.playback(photo.userId, photo.id, THUMBNAIL_VERSION);
      await putFile(playbackKey, playbackPath, "video/mp4", THUMBNAIL_CACHE_CONTROL);
      storedKeys.push(playbackKey);
    }
    return {
      rendered,
      storedKeys,
      markReady: async (thumbnails) => {
        const ready = await markVideoReady(photo, {
          ...thumbnails,
          width: probe.width,
          height: probe.height,
          durationMs: probe.durationMs,
          playbackKey,
          contentIdentifier: probe.contentIdentifier,
          takenAt: probe.takenAt ?? undefined,
        });
        // A Live Photo's clip: its still may be here already.
        if (ready && probe.contentIdentifier) await pairLivePhoto(photo.userId, probe.contentIdentifier);
        return ready;
      },
    };
  });
}
