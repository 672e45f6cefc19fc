// POST /api/v1/auth/signup – create an account, answered with a signed-in session cookie
import { NextResponse } from "next/server";
import { withErrors } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { signUp } from "@/lib/auth/credentials";
import { signUpSchema } from "@/lib/contract/auth";
import { sessionCookie } from "@/lib/auth/session-cookie";

export const POST = withErrors(async (request) => {
  const user = await signUp(signUpSchema.parse(await readJson(request)));
  const response = NextResponse.json({ user }, { status: 201 });
  response.headers.append("set-cookie", await sessionCookie(user, request.nextUrl.protocol === "https:"));
  return response;
});
