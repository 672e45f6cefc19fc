"use client";

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { afterPageLoad } from "@/components/after-page-load";
import { useBackupQueue } from "@/components/backup/backup-provider";
import { ACCEPTED_MEDIA } from "@/components/backup/media-files";
import { LibraryStore, type InitialLibrary } from "@/components/library/library-store";

const DropOverlay = afterPageLoad(() => import("@/components/backup/drop-overlay").then((module) => module.DropOverlay));
const UploadPanel = afterPageLoad(() => import("@/components/backup/upload-panel").then((module) => module.UploadPanel));

interface LibraryContextValue {
  store: LibraryStore;
  /** Opens the file picker (must run in a click handler). */
  pickFiles: () => void;
  /** The grid's size the server renders for (and the first client render too, so they match). */
  initialViewport: InitialViewport;
}

/** A guess at the grid's width and the window's height, px, until the grid is measured. */
export interface InitialViewport {
  width: number;
  height: number;
}

const LibraryContext = createContext<LibraryContextValue | null>(null);

export function useLibrary(): LibraryContextValue {
  const value = useContext(LibraryContext);
  if (!value) throw new Error("useLibrary() outside <LibraryProvider>");
  return value;
}

/**
 * The signed-in home's client state: the library store, the hidden file input behind every Upload
 * button, drag-and-drop anywhere on the page and the upload panel (the backup queue comes from
 * BackupProvider).
 */
export function LibraryProvider({
  children,
  initial = null,
  initialViewport,
}: {
  children: ReactNode;
  /** The library as the server read it for the first screen; null: the client loads it. */
  initial?: InitialLibrary | null;
  initialViewport: InitialViewport;
}) {
  const uploads = useBackupQueue();
  const [store] = useState(() => new LibraryStore(initial));
  const inputRef = useRef<HTMLInputElement>(null);
  const [value] = useState<LibraryContextValue>(() => ({
    store,
    pickFiles: () => inputRef.current?.click(),
    initialViewport,
  }));

  // The grid shows each photo as it arrives.
  useEffect(() => uploads.onUploaded(() => store.scheduleRefresh()), [uploads, store]);

  return (
    <LibraryContext.Provider value={value}>
      {children}
      <input
        ref={inputRef}
        type="file"
        multiple
        accept={ACCEPTED_MEDIA.join(",")}
        hidden
        data-testid="upload-input"
        aria-label="Choose photos and videos to upload"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = "";
          void uploads.add(files, "picker");
        }}
      />
      <DropOverlay />
      <UploadPanel />
    </LibraryContext.Provider>
  );
}
