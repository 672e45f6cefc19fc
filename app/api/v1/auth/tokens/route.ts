// /api/v1/auth/tokens – POST signs in for a personal API token; GET lists the account's tokens
import { NextResponse } from "next/server";
import { withErrors, withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { clientIp } from "@/lib/auth/client-ip";
import { verifyCredentials } from "@/lib/auth/credentials";
import { tokenRequestSchema } from "@/lib/contract/auth";

export const POST = withErrors(async (request) => {
  const { label, expiresInDays, ...credentials } = tokenRequestSchema.parse(await readJson(request));
  const user = await verifyCredentials(credentials, clientIp(request.headers));
  const created = await createApiToken(user.id, { label, expiresInDays, sessionVersion: user.sessionVersion });
  return NextResponse.json(created, { status: 201 });
});

export const GET = withUser(async (_request, { userId }) => {
  return NextResponse.json({ tokens: await listApiTokens(userId) }, { headers: { "cache-control": "private, no-store" } });
});
