"use client";

import { primaryButtonClass } from "@/components/form-controls";
import { useLibrary } from "@/components/library/library-provider";
import { useHydrated } from "@/components/use-hydrated";
import { UploadIcon } from "@/components/ui/icons";

/** Opens the file picker; the files go to the upload queue. */
export function UploadButton({ className = "", compact = false }: { className?: string; compact?: boolean }) {
  const { pickFiles } = useLibrary();
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      onClick={pickFiles}
      disabled={!hydrated}
      className={`${primaryButtonClass} ${compact ? "px-3 py-2" : ""} ${className}`}
    >
      <UploadIcon className="size-4.5" />
      Upload
    </button>
  );
}
