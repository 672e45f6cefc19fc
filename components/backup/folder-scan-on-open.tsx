"use client";

import { afterPageLoad } from "@/components/after-page-load";

/** The library's offer to look in the folders kept for backup (folder-backup.tsx), once the page has loaded. */
export const FolderScanOnOpen = afterPageLoad(() => import("@/components/backup/folder-backup").then((module) => module.FolderScanOnOpen));
