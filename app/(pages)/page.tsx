import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { preconnect } from "react-dom";
import { signOutAction } from "@/app/(pages)/actions";
import { AppHeader } from "@/components/app-header";
import { BackupProvider } from "@/components/backup/backup-provider";
import { BackupStatus } from "@/components/backup/backup-status";
import { FolderScanOnOpen } from "@/components/backup/folder-scan-on-open";
import { LibraryProvider, type InitialViewport } from "@/components/library/library-provider";
import type { InitialLibrary } from "@/components/library/library-store";
import { PhotoLibrary } from "@/components/library/photo-library";
import { UploadButton } from "@/components/library/upload-button";
import { auth } from "@/lib/auth";
import { listMonthBuckets, listPhotos } from "@/lib/photos/list-photos";
import { presentPhotos } from "@/lib/photos/photo-view";
import { NONCE_HEADER } from "@/lib/security-headers";

export const dynamic = "force-dynamic";

/**
 * Photos read for the first screen: a little more than it shows, so that scrolling starts with
 * photos at hand; no more, as every one adds signed URLs to the HTML (a slow phone network's cost).
 */
const FIRST_PAGE_SIZE = { phone: 30, desktop: 60 };

/**
 * The grid's size the first screen is laid out for before the browser measures it: a phone (its
 * width less the grid's side padding; the height Chrome leaves a page on a Pixel 7, 839 px) or a
 * laptop. Phones all get 3 columns; only the tile size differs, and the columns are fractions of
 * the row, so the guess only sets the rows' height and which rows load first.
 */
const PHONE: InitialViewport = { width: 380, height: 840 };
const DESKTOP: InitialViewport = { width: 1200, height: 1000 };

/** The month counts and the newest photos (thumbnail URLs signed): the client store starts with them. */
async function loadInitialLibrary(userId: string, limit: number): Promise<InitialLibrary | null> {
  try {
    const [{ buckets }, page] = await Promise.all([
      listMonthBuckets(userId),
      listPhotos({ userId, limit }),
    ]);
    const photos = await presentPhotos(page.photos);
    return { buckets, firstPage: { photos, nextCursor: page.nextCursor }, renderedAt: Date.now() };
  } catch (error) {
    // The client asks the API itself, and shows its error (and a Retry) if that fails too.
    console.error("home: could not read the library for the first screen", error);
    return null;
  }
}

/**
 * Marks tile thumbnails loaded (which fades them in) as they arrive, before the scripts have: load
 * events don't bubble, but a listener on the document sees them in the capture phase.
 */
const MARK_LOADED_THUMBNAILS = `document.addEventListener("load",function(e){var t=e.target;if(t&&t.tagName==="IMG"&&t.closest("[data-tile-link]"))t.dataset.loaded="true"},true)`;

export default async function HomePage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/login");

  const requestHeaders = await headers();
  const mobile =
    requestHeaders.get("sec-ch-ua-mobile") === "?1" || /Mobi|Android|iPhone|iPad/i.test(requestHeaders.get("user-agent") ?? "");
  const initial = await loadInitialLibrary(session.user.id, mobile ? FIRST_PAGE_SIZE.phone : FIRST_PAGE_SIZE.desktop);

  // Thumbnails come from the store's origin: open that connection while the HTML still streams.
  const firstThumbnail = initial?.firstPage.photos.find((photo) => photo.thumbnails)?.thumbnails?.small;
  // Tiles load them as CORS requests without credentials, which use a connection of their own.
  if (firstThumbnail) preconnect(new URL(firstThumbnail).origin, { crossOrigin: "anonymous" });

  return (
    <BackupProvider owner={session.user.id}>
      <LibraryProvider initial={initial} initialViewport={mobile ? PHONE : DESKTOP}>
        <div className="flex min-h-dvh flex-col">
          <script nonce={requestHeaders.get(NONCE_HEADER) ?? undefined} dangerouslySetInnerHTML={{ __html: MARK_LOADED_THUMBNAILS }} />
          <AppHeader
            email={session.user.email ?? ""}
            current="library"
            signOut={signOutAction}
            actions={
              <>
                <BackupStatus />
                <UploadButton compact />
              </>
            }
          />
          <FolderScanOnOpen />
          <Suspense>
            <PhotoLibrary />
          </Suspense>
        </div>
      </LibraryProvider>
    </BackupProvider>
  );
}
