import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/auth/credentials";
import { credentialsSchema } from "@/lib/contract/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-cookie";
import { findAccount } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

class DisabledSignIn extends CredentialsSignin {
  code = "account_disabled";
}

export const { handlers, auth, signOut } = NextAuth({
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an expected outcome, not a server error.
    error: (error) =>
      "type" in error && error.type === "CredentialsSignin" ? undefined : logger.error({ err: error }, "auth error"),
    warn: (code) => logger.warn({ code }, "auth warning"),
    debug: () => {},
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        try {
          return await verifyCredentials(parsed.data, clientIp(request.headers));
        } catch (error) {
          if (error instanceof AppError && error.code === "rate_limited") throw new RateLimitedSignIn();
          if (error instanceof AppError && error.code === "account_disabled") throw new DisabledSignIn();
          if (error instanceof AppError && error.code === "unauthorized") return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Each time a session is read: a disabled (or deleted) account's session ends at once.
    async jwt({ token }) {
      if (!token.sub) return token;
      const account = await findAccount(token.sub);
      return account && !account.disabledAt ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
