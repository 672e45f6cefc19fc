import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/(pages)/actions";
import { AppHeader } from "@/components/app-header";
import { TrashView } from "@/components/trash/trash-view";
import { auth } from "@/lib/auth";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Trash" };

export default async function TrashPage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/login?callbackUrl=%2Ftrash");

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader email={session.user.email ?? ""} current="trash" signOut={signOutAction} />
      <TrashView />
    </div>
  );
}
