// /api/v1/photos – GET a page of the library, newest first (keyset cursor); POST uploads a photo (multipart, streamed to the store)
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { listPhotosQuerySchema, type PhotoPage, type UploadResult } from "@/lib/contract/photos";
import { listPhotos } from "@/lib/photos/list-photos";
import { presentPhotoRow, presentPhotos } from "@/lib/photos/photo-view";
import { uploadPhoto } from "@/lib/photos/upload-photo";

export const GET = withUser(async (request, { userId }) => {
  const query = listPhotosQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const { photos, nextCursor, cache } = await listPhotos({ userId, ...query });
  return NextResponse.json(
    { photos: await presentPhotos(photos), nextCursor } satisfies PhotoPage,
    { headers: { "cache-control": "private, no-store", ...(cache ? { "x-cache": cache } : {}) } },
  );
});

export const POST = withUser(async (request, { userId }) => {
  const { photo, duplicate } = await uploadPhoto(userId, request);
  const view = await presentPhotoRow(photo);
  return duplicate
    ? NextResponse.json({ photo: view, duplicate: true } satisfies UploadResult, { status: 200 })
    : NextResponse.json({ photo: view } satisfies UploadResult, { status: 201 });
});
