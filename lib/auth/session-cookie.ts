import { encode } from "next-auth/jwt";
import { NEW_ACCOUNT_SESSION_VERSION } from "@/lib/auth/users";
import type { PublicUser } from "@/lib/contract/auth";
import { env } from "@/lib/env";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/**
 * The cookie next-auth itself would set after a credentials sign-in, so that sign-up can answer
 * with a signed-in session. Named and encrypted exactly as Auth.js does (cookie name as salt).
 */
export async function sessionCookie(user: PublicUser, secure: boolean): Promise<string> {
  if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set");
  const name = `${secure ? "__Secure-" : ""}authjs.session-token`;
  const value = await encode({
    token: { sub: user.id, email: user.email, name: user.name, sessionVersion: NEW_ACCOUNT_SESSION_VERSION },
    secret: env.AUTH_SECRET,
    salt: name,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const flags = ["Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${SESSION_MAX_AGE_SECONDS}`, ...(secure ? ["Secure"] : [])];
  return `${name}=${value}; ${flags.join("; ")}`;
}
