// DELETE /api/v1/auth/tokens/:id – revoke a token, at once
import { z } from "zod";
import { withUser } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { notFound } from "@/lib/errors";

export const DELETE = withUser<{ id: string }>(async (_request, { params, userId }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound("No such token.");
  await revokeApiToken(userId, id.data);
  return new Response(null, { status: 204 });
});
