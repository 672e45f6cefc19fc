import type { Account } from "@/lib/auth/users";
import type { Me } from "@/lib/contract/accounts";
import { photoUsage } from "@/lib/photos/photo-repository";

/** The account as its owner sees it: who, how much is stored, and the room it has. */
export async function describeMe(account: Account): Promise<Me> {
  return {
    account: { id: account.id, email: account.email, isAdmin: account.isAdmin, createdAt: account.createdAt.toISOString() },
    usage: await photoUsage(account.id),
    quotaBytes: account.quotaBytes === null ? null : Number(account.quotaBytes),
  };
}
