import { purgeTrash } from "@/lib/photos/purge-trash";

export async function purgeTrashJob() {
  return purgeTrash();
}
