import { db } from "@/lib/db";
import { listObjects } from "@/lib/storage";

/** Every original in the store of the user with this email: refused uploads must leave none behind. */
export async function storedOriginals(email: string): Promise<string[]> {
  const { id } = await db.user.findUniqueOrThrow({ where: { email } });
  const keys: string[] = [];
  for await (const { key } of listObjects(`originals/${id}/`)) keys.push(key);
  return keys;
}
