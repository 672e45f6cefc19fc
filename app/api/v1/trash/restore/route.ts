// POST /api/v1/trash/restore – puts photos of the user's trash back in the library, as they were
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { restorePhotosSchema, type RestoreResult } from "@/lib/contract/trash";
import { restorePhotos } from "@/lib/photos/trash-photos";

export const POST = withUser(async (request, { userId }) => {
  const { ids } = restorePhotosSchema.parse(await readJson(request));
  const restored = await restorePhotos(userId, ids);
  return NextResponse.json({ restored: restored.length } satisfies RestoreResult);
});
