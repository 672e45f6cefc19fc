"use client";

import { Spinner } from "@/components/form-controls";
import { mediaTypeLabel } from "@/components/library/media-labels";
import { DownloadIcon, FileIcon, FilmIcon } from "@/components/ui/icons";
import type { Photo } from "@/lib/contract/photos";

/** A file nothing could make a preview of: what it is, why, and its untouched original to download. */
export function ViewerNoPreview({ photo, onDownload, downloading }: { photo: Photo; onDownload: () => void; downloading: boolean }) {
  const Icon = photo.kind === "video" ? FilmIcon : FileIcon;
  return (
    <div data-testid="viewer-no-preview" className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center text-sm text-white/80">
      <Icon className="size-10 text-white/60" />
      <p className="text-base font-semibold text-white">No preview</p>
      <p>
        <span className="font-medium text-white">{mediaTypeLabel(photo)}</span>
        <span aria-hidden="true"> · </span>
        <span className="break-all">{photo.filename}</span>
      </p>
      {photo.error && <p className="max-w-md text-white/70">{photo.error}</p>}
      <p className="max-w-md text-white/70">The original is stored safely: download it to open it in another app.</p>
      <button
        type="button"
        onClick={onDownload}
        disabled={downloading}
        className="mt-1 inline-flex h-10 items-center gap-2 rounded-full bg-white px-4 font-medium text-neutral-900 transition-colors hover:bg-neutral-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-60"
      >
        {downloading ? <Spinner /> : <DownloadIcon />}
        Download original
      </button>
    </div>
  );
}
