// /api/v1/push/subscriptions – POST keeps a browser's push subscription; DELETE forgets it
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { pushSubscriptionSchema, pushUnsubscribeSchema } from "@/lib/contract/push";
import { deletePushSubscription, savePushSubscription } from "@/lib/push";

export const POST = withUser(async (request, { userId }) => {
  await savePushSubscription(userId, pushSubscriptionSchema.parse(await readJson(request)));
  return NextResponse.json({ subscribed: true }, { status: 201 });
});

export const DELETE = withUser(async (request, { userId }) => {
  const { endpoint } = pushUnsubscribeSchema.parse(await readJson(request));
  await deletePushSubscription(userId, endpoint);
  return new Response(null, { status: 204 });
});
