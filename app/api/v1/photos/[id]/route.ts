// /api/v1/photos/:id – GET one photo; DELETE it (its stored objects follow by a job)
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { deletePhoto } from "@/lib/photos/delete-photo";
import { findPhoto, parsePhotoId } from "@/lib/photos/find-photo";
import { presentPhotoRow } from "@/lib/photos/photo-view";

type Params = { id: string };

export const GET = withUser<Params>(async (_request, { params, userId }) => {
  const photo = await findPhoto(userId, parsePhotoId(params.id));
  return NextResponse.json({ photo: await presentPhotoRow(photo) });
});

export const DELETE = withUser<Params>(async (_request, { params, userId }) => {
  await deletePhoto(userId, parsePhotoId(params.id));
  return new NextResponse(null, { status: 204 });
});
