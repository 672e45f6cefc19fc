import { redirect } from "next/navigation";
import { Suspense } from "react";
import { AppHeader } from "@/components/app-header";
import { LibraryProvider } from "@/components/library/library-provider";
import { PhotoLibrary } from "@/components/library/photo-library";
import { UploadButton } from "@/components/library/upload-button";
import { auth } from "@/lib/auth";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/login");

  return (
    <LibraryProvider>
      <div className="flex min-h-dvh flex-col">
        <AppHeader email={session.user.email ?? ""} current="library" actions={<UploadButton compact />} />
        <Suspense>
          <PhotoLibrary />
        </Suspense>
      </div>
    </LibraryProvider>
  );
}
