import { findApiToken } from "@/lib/auth/api-tokens";
import { isCurrentSessionVersion } from "@/lib/auth/users";
import { tokenExpired, unauthorized } from "@/lib/errors";

/**
 * The user a bearer token authenticates: it must exist, be before its expiry (401 `token_expired`)
 * and have been issued under its user's current session version (none ended since).
 */
export async function authenticateApiToken(token: string): Promise<string> {
  const found = await findApiToken(token);
  if (found?.expiresAt && found.expiresAt <= new Date()) throw tokenExpired(found.expiresAt);
  if (!found || !(await isCurrentSessionVersion(found.userId, found.sessionVersion))) {
    throw unauthorized("The API token is invalid or has been revoked.");
  }
  return found.userId;
}
