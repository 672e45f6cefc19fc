import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { signOutAction } from "@/app/(pages)/actions";
import { AccountAdmin } from "@/components/admin/account-admin";
import { AppHeader } from "@/components/app-header";
import { adminListAccounts } from "@/lib/admin";
import { auth } from "@/lib/auth";
import { findAccount } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Accounts" };

export default async function AdminPage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/login?callbackUrl=%2Fadmin");
  const account = await findAccount(session.user.id);
  if (!account?.isAdmin) forbidden();

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader email={account.email} current="admin" signOut={signOutAction} />
      <main className="mx-auto flex w-full max-w-4xl flex-1 flex-col gap-6 px-4 py-6 sm:gap-8 sm:px-6 sm:py-10">
        <h1 className="text-2xl font-semibold tracking-tight">Accounts</h1>
        <AccountAdmin list={await adminListAccounts()} selfId={account.id} />
      </main>
    </div>
  );
}
