"use client";

import { useEffect, useState } from "react";
import { useBackupQueue } from "@/components/backup/backup-provider";
import { UploadIcon } from "@/components/ui/icons";

const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes("Files");

/** Files dragged anywhere over the page: an overlay while they hover, an upload when they drop. */
export function DropOverlay() {
  const uploads = useBackupQueue();
  const [over, setOver] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them to know when the drag left the window.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setOver(true);
    };
    const overHandler = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length) void uploads.add(files, "drop");
    };
    window.addEventListener("dragenter", enter);
    window.addEventListener("dragover", overHandler);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragenter", enter);
      window.removeEventListener("dragover", overHandler);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [uploads]);

  if (!over) return null;
  return (
    <div
      data-testid="drop-overlay"
      className="pointer-events-none fixed inset-0 z-[60] flex items-center justify-center bg-indigo-600/15 p-6 backdrop-blur-[1px] dark:bg-indigo-400/10"
    >
      <div className="flex h-full w-full flex-col items-center justify-center gap-3 rounded-3xl border-2 border-dashed border-indigo-500 bg-white/80 text-center dark:border-indigo-400 dark:bg-neutral-950/80">
        <UploadIcon className="size-10 text-indigo-600 dark:text-indigo-400" />
        <p className="text-lg font-semibold">Drop to back up</p>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">Photos and videos are uploaded to your library right away.</p>
      </div>
    </div>
  );
}
