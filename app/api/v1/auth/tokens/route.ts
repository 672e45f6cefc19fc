import { NextResponse } from "next/server";
import { z } from "zod";
import { withErrors, withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { clientIp } from "@/lib/auth/client-ip";
import { credentialsSchema, verifyCredentials } from "@/lib/auth/credentials";

const tokenRequestSchema = credentialsSchema.extend({ label: z.string().trim().max(100).optional() });

export const POST = withErrors(async (request) => {
  const { label, ...credentials } = tokenRequestSchema.parse(await readJson(request));
  const user = await verifyCredentials(credentials, clientIp(request.headers));
  return NextResponse.json({ token: await createApiToken(user.id, label) }, { status: 201 });
});

export const GET = withUser(async (_request, { userId }) => {
  return NextResponse.json({ tokens: await listApiTokens(userId) }, { headers: { "cache-control": "private, no-store" } });
});
