import { cleanOrphans } from "@/lib/photos/clean-orphans";

export async function cleanOrphansJob() {
  return cleanOrphans();
}
