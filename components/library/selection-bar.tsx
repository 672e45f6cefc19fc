"use client";

import { useEffect, useState } from "react";
import { deletePhotos } from "@/components/library/delete-photos";
import type { LibraryStore } from "@/components/library/library-store";
import { Spinner } from "@/components/form-controls";
import { ConfirmDialog, dangerButtonClass } from "@/components/ui/confirm-dialog";
import { CloseIcon, TrashIcon } from "@/components/ui/icons";

/** Over the header while photos are selected: how many, Cancel, Delete (after a confirmation). */
export function SelectionBar({
  selected,
  store,
  onClear,
  onRemaining,
  onTrashed,
}: {
  selected: ReadonlySet<string>;
  store: LibraryStore;
  onClear: () => void;
  /** After a delete in which some failed: those stay selected. */
  onRemaining: (ids: ReadonlySet<string>) => void;
  /** Photos moved to the trash: the library offers to undo it. */
  onTrashed: (ids: string[]) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const count = selected.size;

  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(null), 8000);
    return () => clearTimeout(timer);
  }, [result]);

  const remove = async () => {
    setConfirming(false);
    const ids = [...selected];
    setProgress({ done: 0, total: ids.length });
    setResult(null);
    const { deleted, failed } = await deletePhotos(store, ids, (done) => setProgress({ done, total: ids.length }));
    setProgress(null);
    if (deleted.length) onTrashed(deleted);
    if (failed.length) {
      setResult(
        `${deleted.length} deleted; ${failed.length} could not be deleted: ${failed[0]!.message}`,
      );
      onRemaining(new Set(failed.map((failure) => failure.id)));
    } else {
      onClear();
    }
  };

  return (
    <div
      data-testid="selection-bar"
      className="fixed inset-x-0 top-0 z-30 border-b border-indigo-200 bg-indigo-50 dark:border-indigo-900 dark:bg-indigo-950"
      style={{ minHeight: "var(--app-header-height, 3.5rem)" }}
    >
      <div className="flex h-[var(--app-header-height,3.5rem)] items-center gap-2 px-2 sm:gap-3 sm:px-4">
        <button
          type="button"
          onClick={onClear}
          disabled={progress !== null}
          className="inline-flex size-10 items-center justify-center rounded-full text-indigo-900 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-50 dark:text-indigo-100 dark:hover:bg-indigo-900"
        >
          <CloseIcon className="size-5" />
          <span className="sr-only">Cancel selection</span>
        </button>
        <p className="min-w-0 flex-1 truncate font-semibold text-indigo-950 dark:text-indigo-50" aria-live="polite" data-testid="selection-count">
          {progress ? `Deleting ${progress.done} of ${progress.total}…` : `${count} selected`}
        </p>
        <button type="button" onClick={onClear} disabled={progress !== null} className="rounded-lg px-3 py-2 text-sm font-medium text-indigo-900 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600 max-sm:hidden dark:text-indigo-100 dark:hover:bg-indigo-900">
          Cancel
        </button>
        <button type="button" onClick={() => setConfirming(true)} disabled={progress !== null} className={dangerButtonClass}>
          {progress ? <Spinner /> : <TrashIcon className="size-4.5" />}
          Delete
        </button>
      </div>
      {result && (
        <p role="status" data-testid="selection-status" className="px-4 pb-2 text-sm text-red-800 dark:text-red-200">
          {result}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={count === 1 ? "Delete 1 photo?" : `Delete ${count} photos?`}
        confirmLabel="Delete"
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        {count === 1 ? "It moves" : "They move"} to the trash, where you can restore {count === 1 ? "it" : "them"} until {count === 1 ? "it is" : "they are"} deleted for good.
      </ConfirmDialog>
    </div>
  );
}
