// POST /api/v1/photos/check – which of these SHA-256 hashes the library already has
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { checkPhotosSchema, MAX_CHECK_BODY_BYTES } from "@/lib/contract/photos";
import { findExistingHashes } from "@/lib/photos/check-photos";

export const POST = withUser(async (request, { userId }) => {
  const { sha256 } = checkPhotosSchema.parse(await readJson(request, { maxBytes: MAX_CHECK_BODY_BYTES }));
  return NextResponse.json({ existing: await findExistingHashes(userId, sha256) });
});
