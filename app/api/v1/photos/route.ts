import { NextResponse } from "next/server";
import { z } from "zod";
import { withUser } from "@/lib/api/route";
import { DEFAULT_PAGE_SIZE, listPhotos, MAX_PAGE_SIZE } from "@/lib/photos/list-photos";
import { presentPhoto, presentPhotos, toPhotoRecord } from "@/lib/photos/photo-view";
import { uploadPhoto } from "@/lib/photos/upload-photo";

const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(200).optional(),
    before: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).transform((value) => new Date(value)).optional(),
  })
  .refine((query) => !(query.cursor && query.before), { error: "send either cursor or before, not both" });

export const GET = withUser(async (request, { userId }) => {
  const query = listQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const { photos, nextCursor, cache } = await listPhotos({ userId, ...query });
  return NextResponse.json(
    { photos: await presentPhotos(photos), nextCursor },
    { headers: { "cache-control": "private, no-store", ...(cache ? { "x-cache": cache } : {}) } },
  );
});

export const POST = withUser(async (request, { userId }) => {
  const { photo, duplicate } = await uploadPhoto(userId, request);
  const view = await presentPhoto(toPhotoRecord(photo));
  return duplicate
    ? NextResponse.json({ photo: view, duplicate: true }, { status: 200 })
    : NextResponse.json({ photo: view }, { status: 201 });
});
