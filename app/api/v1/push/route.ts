// GET /api/v1/push – whether the server sends notifications, and the key to subscribe with
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { pushSettings } from "@/lib/push";

export const GET = withUser(async () => NextResponse.json(pushSettings()));
