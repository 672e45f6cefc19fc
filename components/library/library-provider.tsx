"use client";

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { BackupQueue } from "@/components/backup/backup-queue";
import { backupQueueFor } from "@/components/backup/browser-backup-queue";
import { afterPageLoad } from "@/components/after-page-load";
import { LibraryStore, type InitialLibrary } from "@/components/library/library-store";

const DropOverlay = afterPageLoad(() => import("@/components/library/drop-overlay").then((module) => module.DropOverlay));
const UploadPanel = afterPageLoad(() => import("@/components/library/upload-panel").then((module) => module.UploadPanel));

interface LibraryContextValue {
  store: LibraryStore;
  uploads: BackupQueue;
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

export const ACCEPTED_FILES = "image/*,.heic,.heif,.avif,.webp";

/**
 * The signed-in home's client state: the library store, the backup queue, the hidden file input
 * behind every Upload button, drag-and-drop anywhere on the page and the upload panel.
 */
export function LibraryProvider({
  children,
  owner,
  initial = null,
  initialViewport,
}: {
  children: ReactNode;
  /** The signed-in user's id: the queue uploads only their files. */
  owner: string;
  /** The library as the server read it for the first screen; null: the client loads it. */
  initial?: InitialLibrary | null;
  initialViewport: InitialViewport;
}) {
  const [store] = useState(() => new LibraryStore(initial));
  const [uploads] = useState(() => backupQueueFor(owner));
  const inputRef = useRef<HTMLInputElement>(null);
  const [value] = useState<LibraryContextValue>(() => ({
    store,
    uploads,
    pickFiles: () => inputRef.current?.click(),
    initialViewport,
  }));

  // Resumes what an earlier visit left in the queue; the grid shows each photo as it arrives.
  useEffect(() => {
    void uploads.start();
    return uploads.onUploaded(() => store.scheduleRefresh());
  }, [uploads, store]);

  return (
    <LibraryContext.Provider value={value}>
      {children}
      <input
        ref={inputRef}
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        hidden
        data-testid="upload-input"
        aria-label="Choose photos to upload"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = "";
          void uploads.add(files, "picker");
        }}
      />
      <DropOverlay uploads={uploads} />
      <UploadPanel uploads={uploads} />
    </LibraryContext.Provider>
  );
}
