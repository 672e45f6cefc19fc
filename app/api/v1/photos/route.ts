import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { listPhotosQuerySchema } from "@/lib/contract/photos";
import { listPhotos } from "@/lib/photos/list-photos";
import { presentPhotoRow, presentPhotos } from "@/lib/photos/photo-view";
import { uploadPhoto } from "@/lib/photos/upload-photo";

export const GET = withUser(async (request, { userId }) => {
  const query = listPhotosQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const { photos, nextCursor, cache } = await listPhotos({ userId, ...query });
  return NextResponse.json(
    { photos: await presentPhotos(photos), nextCursor },
    { headers: { "cache-control": "private, no-store", ...(cache ? { "x-cache": cache } : {}) } },
  );
});

export const POST = withUser(async (request, { userId }) => {
  const { photo, duplicate } = await uploadPhoto(userId, request);
  const view = await presentPhotoRow(photo);
  return duplicate
    ? NextResponse.json({ photo: view, duplicate: true }, { status: 200 })
    : NextResponse.json({ photo: view }, { status: 201 });
});
