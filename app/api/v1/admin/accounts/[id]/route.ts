// PATCH /api/v1/admin/accounts/:id – the instance admin sets an account's quota, or disables or enables it
import { withAdmin } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { adminUpdateAccount, parseAccountId } from "@/lib/admin";
import { updateAccountSchema } from "@/lib/contract/accounts";

export const PATCH = withAdmin<{ id: string }>(async (request, { params, userId }) => {
  await adminUpdateAccount(parseAccountId(params.id), updateAccountSchema.parse(await readJson(request)), userId);
  return new Response(null, { status: 204 });
});
