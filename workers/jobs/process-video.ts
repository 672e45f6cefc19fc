import { DelayedError, type Job } from "bullmq";
import { logger } from "@/lib/logger";
import { UndecodableVideoError, VideoToolMissingError } from "@/lib/photos/ffmpeg";
import { processVideo } from "@/lib/photos/process-video";
import { UndecodableImageError } from "@/lib/photos/render-thumbnails";
import type { JobPayload } from "@/lib/queue/jobs";
import { settlePhotoJob } from "@/workers/settle-photo-job";

/** How long a video waits for ffmpeg to be installed before it is tried again. */
const WAIT_FOR_FFMPEG_MS = 5 * 60_000;

/**
 * A video's poster, thumbnails and playback rendition. Without ffmpeg the job waits (delayed, no
 * attempt used up) and the video stays processing: it is the machine that lacks something, not
 * the file. An undecodable file fails at once; anything else is retried with backoff.
 */
export async function processVideoJob(job: Job<JobPayload<"process-video">>, token?: string) {
  const { photoId } = job.data;
  return settlePhotoJob(
    job,
    async () => {
      try {
        return { processed: await processVideo(photoId) };
      } catch (error) {
        if (!(error instanceof VideoToolMissingError)) throw error;
        logger.error({ photoId, retryInSeconds: WAIT_FOR_FFMPEG_MS / 1000 }, `video waiting for ffmpeg: ${error.message}`);
        await job.moveToDelayed(Date.now() + WAIT_FOR_FFMPEG_MS, token);
        throw new DelayedError();
      }
    },
    (error) => error instanceof UndecodableVideoError || error instanceof UndecodableImageError,
  );
}
