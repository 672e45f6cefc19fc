import { findAccount } from "@/lib/auth/users";
import type { Me } from "@/lib/contract/accounts";
import { unauthorized } from "@/lib/errors";
import { photoUsage } from "@/lib/photos/photo-repository";

/** The account as its owner sees it: who, how much is stored, and the room it has. */
export async function describeMe(userId: string): Promise<Me> {
  const [account, usage] = await Promise.all([findAccount(userId), photoUsage(userId)]);
  if (!account) throw unauthorized();
  return {
    account: { id: account.id, email: account.email, isAdmin: account.isAdmin, createdAt: account.createdAt.toISOString() },
    usage,
    quotaBytes: account.quotaBytes === null ? null : Number(account.quotaBytes),
  };
}
