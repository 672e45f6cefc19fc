// POST /api/v1/trash/empty – deletes photos of the user's trash for good (these ids, or all), rows and stored objects
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { emptyTrashSchema, type EmptyTrashResult } from "@/lib/contract/trash";
import { emptyTrash } from "@/lib/photos/delete-photo";

export const POST = withUser(async (request, { userId }) => {
  const { ids } = emptyTrashSchema.parse(await readJson(request, { emptyBody: {} }));
  return NextResponse.json({ deleted: await emptyTrash(userId, ids) } satisfies EmptyTrashResult);
});
