// GET /api/v1/trash – a page of the user's deleted photos, newest deleted first (keyset cursor), with when each is deleted for good
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/contract/photos";
import type { TrashPage } from "@/lib/contract/trash";
import { listTrash } from "@/lib/photos/list-trash";

export const GET = withUser(async (request, { userId }) => {
  const query = pageQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json((await listTrash(userId, query)) satisfies TrashPage, { headers: { "cache-control": "private, no-store" } });
});
