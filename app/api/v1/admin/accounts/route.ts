// /api/v1/admin/accounts – the instance admin's list of accounts (GET) and adding one (POST)
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { adminCreateAccount, adminListAccounts } from "@/lib/admin";
import { createAccountSchema } from "@/lib/contract/accounts";

export const GET = withAdmin(async () => NextResponse.json(await adminListAccounts(), { headers: { "cache-control": "private, no-store" } }));

export const POST = withAdmin(async (request) => {
  const { email, password } = createAccountSchema.parse(await readJson(request));
  const { account } = await adminCreateAccount(email, password);
  return NextResponse.json({ account }, { status: 201 });
});
