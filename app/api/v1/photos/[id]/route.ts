// /api/v1/photos/:id – GET one photo; DELETE moves it to the trash (restorable for TRASH_DAYS)
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { findPhoto, parsePhotoId } from "@/lib/photos/find-photo";
import { presentPhotoRow } from "@/lib/photos/photo-view";
import { trashPhoto } from "@/lib/photos/trash-photos";

type Params = { id: string };

export const GET = withUser<Params>(async (_request, { params, userId }) => {
  const photo = await findPhoto(userId, parsePhotoId(params.id));
  return NextResponse.json({ photo: await presentPhotoRow(photo) });
});

export const DELETE = withUser<Params>(async (_request, { params, userId }) => {
  await trashPhoto(userId, parsePhotoId(params.id));
  return new NextResponse(null, { status: 204 });
});
