// GET /api/v1/me – the signed-in account, its usage and its quota
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { describeMe } from "@/lib/auth/me";

export const GET = withUser(async (_request, { userId }) =>
  NextResponse.json(await describeMe(userId), { headers: { "cache-control": "private, no-store" } }),
);
