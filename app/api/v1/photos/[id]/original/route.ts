// GET /api/v1/photos/:id/original – a redirect to the original's signed store URL (JSON with Accept: application/json)
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { parsePhotoId } from "@/lib/photos/find-photo";
import { originalUrl } from "@/lib/photos/original-url";

export const GET = withUser<{ id: string }>(async (request, { params, userId }) => {
  const download = request.nextUrl.searchParams.get("download") === "1";
  const signed = await originalUrl(userId, parsePhotoId(params.id), { download });
  if (request.headers.get("accept")?.includes("application/json")) return NextResponse.json(signed);
  return NextResponse.redirect(signed.url, { status: 302, headers: { "cache-control": "no-store" } });
});
