// POST /api/v1/auth/sign-out-everywhere – end every session and API token of the account, this one included
import { withUser } from "@/lib/api/route";
import { endAllSessions } from "@/lib/auth/users";

export const POST = withUser(async (_request, { userId }) => {
  await endAllSessions(userId);
  return new Response(null, { status: 204 });
});
