import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell, linkClass } from "@/components/auth-shell";
import { LoginForm } from "@/components/login-form";
import { auth } from "@/lib/auth";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await auth();
  if (session?.user?.id) redirect("/");
  const { callbackUrl } = await searchParams;

  return (
    <AuthShell
      title="Sign in"
      description="Welcome back. Sign in to reach your photo library."
      footer={
        <>
          No account yet?{" "}
          <Link href="/signup" className={linkClass}>
            Create one
          </Link>
        </>
      }
    >
      <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
    </AuthShell>
  );
}
