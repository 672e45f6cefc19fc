import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/auth/credentials";
import { isCurrentSessionVersion } from "@/lib/auth/users";
import { credentialsSchema } from "@/lib/contract/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's session version at sign-in; absent in sessions issued before versions existed, which were at 0. */
    sessionVersion?: number;
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
    // Runs at sign-in (with `user`) and on every auth() after: a session whose version is no longer
    // its user's (signed out everywhere, password reset, account disabled) ends. If the version cannot be read (not
    // cached, and Postgres down), Auth.js treats the session as absent too: it fails closed.
    async jwt({ token, user }) {
      if (user) return { ...token, sessionVersion: user.sessionVersion };
      if (!token.sub || !(await isCurrentSessionVersion(token.sub, token.sessionVersion ?? 0))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
