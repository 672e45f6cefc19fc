import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { pushSettings } from "@/lib/push";

export const GET = withUser(async () => NextResponse.json(pushSettings()));
