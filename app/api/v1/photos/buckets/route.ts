// GET /api/v1/photos/buckets – photo counts per month, newest first (cached like the first page)
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { listMonthBuckets } from "@/lib/photos/list-photos";

export const GET = withUser(async (_request, { userId }) => {
  const { buckets, cache } = await listMonthBuckets(userId);
  return NextResponse.json({ buckets }, { headers: { "cache-control": "private, no-store", "x-cache": cache } });
});
