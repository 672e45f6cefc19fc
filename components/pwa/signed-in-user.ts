/**
 * The signed-in user of this browser, asked of the server (the session cookie goes with a service
 * worker's requests too); rejects when the server cannot be reached.
 */
export async function askSignedInUser(): Promise<string | null> {
  const session = (await (await fetch("/api/auth/session", { credentials: "same-origin" })).json()) as { user?: { id?: string } } | null;
  return session?.user?.id ?? null;
}

/** The signed-in user, or nobody when the server cannot say. */
export const signedInUser = (): Promise<string | null> => askSignedInUser().catch(() => null);
