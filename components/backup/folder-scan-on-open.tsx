"use client";

import { afterPageLoad } from "@/components/after-page-load";

/** The library's look into the folders kept for backup (folder-scan-prompt.tsx), once the page has loaded. */
export const FolderScanOnOpen = afterPageLoad(() => import("@/components/backup/folder-scan-prompt").then((module) => module.FolderScanPrompt));
