import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell, linkClass } from "@/components/auth-shell";
import { SignupForm } from "@/components/signup-form";
import { auth } from "@/lib/auth";
import { SIGNUP_CLOSED_MESSAGE, signUpIsOpen } from "@/lib/auth/credentials";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Create account" };

export default async function SignupPage() {
  const session = await auth();
  if (session?.user?.id) redirect("/");
  const open = await signUpIsOpen();

  return (
    <AuthShell
      title={open ? "Create your account" : "Sign-up is closed"}
      description="A private place for your photos, backed up from every device."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      {open ? (
        <SignupForm />
      ) : (
        <p role="status" className="text-sm leading-relaxed text-neutral-700 dark:text-neutral-300">
          {SIGNUP_CLOSED_MESSAGE}
        </p>
      )}
    </AuthShell>
  );
}
