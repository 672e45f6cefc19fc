// PUT /api/v1/admin/accounts/:id/password – the instance admin sets a new password for an account
import { withAdmin } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { adminResetPassword, parseAccountId } from "@/lib/admin";
import { resetPasswordSchema } from "@/lib/contract/accounts";

export const PUT = withAdmin<{ id: string }>(async (request, { params }) => {
  await adminResetPassword(parseAccountId(params.id), resetPasswordSchema.parse(await readJson(request)).password);
  return new Response(null, { status: 204 });
});
