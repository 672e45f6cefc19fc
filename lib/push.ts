import webpush, { WebPushError } from "web-push";
import type { PushSettings, PushSubscriptionInput } from "@/lib/contract/push";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { badRequest, conflict } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** Whether the server can send notifications, and the key browsers subscribe with. */
export function pushSettings(): PushSettings {
  return env.VAPID_PUBLIC_KEY ? { enabled: true, publicKey: env.VAPID_PUBLIC_KEY } : { enabled: false, publicKey: null };
}

function requirePush() {
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) {
    throw conflict("Notifications are not set up on this server (VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY).");
  }
  return { subject: env.VAPID_SUBJECT, publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
}

/** `https://*.push.apple.com` matches any subdomain of push.apple.com; others match exactly (port included). */
function isKnownPushService(endpoint: string): boolean {
  const url = new URL(endpoint);
  return env.PUSH_SERVICE_ORIGINS.split(",").some((entry) => {
    const pattern = entry.trim();
    if (!pattern) return false;
    const wildcard = pattern.includes("://*.");
    const allowed = new URL(wildcard ? pattern.replace("://*.", "://") : pattern);
    if (allowed.protocol !== url.protocol || allowed.port !== url.port) return false;
    return wildcard ? url.hostname.endsWith(`.${allowed.hostname}`) : url.hostname === allowed.hostname;
  });
}

/**
 * Keeps a browser's subscription for this user. A browser has one subscription: if another
 * account on it had subscribed, the browser now notifies this one.
 */
export async function savePushSubscription(userId: string, subscription: PushSubscriptionInput): Promise<void> {
  requirePush();
  if (!isKnownPushService(subscription.endpoint)) {
    throw badRequest("The endpoint is not a known browser push service.");
  }
  const data = { userId, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth };
  await db.pushSubscription.upsert({ where: { endpoint: subscription.endpoint }, create: { endpoint: subscription.endpoint, ...data }, update: data });
}

export async function deletePushSubscription(userId: string, endpoint: string): Promise<void> {
  await db.pushSubscription.deleteMany({ where: { userId, endpoint } });
}

/** Push services forget subscriptions (browser data cleared, app uninstalled): these answers mean "gone". */
const isGone = (error: unknown) => error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410);

/**
 * "Your photos are backed up" to every browser this user subscribed; subscriptions the push
 * service no longer knows are dropped. Returns how many accepted the message.
 */
export async function notifyBackupFinished(userId: string, count: number): Promise<number> {
  const vapidDetails = requirePush();
  const subscriptions = await db.pushSubscription.findMany({ where: { userId } });
  const payload = JSON.stringify({
    title: "Your photos are backed up",
    body: `${count} new ${count === 1 ? "photo is" : "photos are"} safe in your library.`,
    url: "/",
    tag: "backup-finished",
  });
  const results = await Promise.all(
    subscriptions.map(async (subscription) => {
      try {
        await webpush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          payload,
          { vapidDetails, TTL: 24 * 3600, urgency: "normal", timeout: 5_000 },
        );
        return true;
      } catch (error) {
        if (isGone(error)) await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
        else logger.warn({ err: error, userId }, "push notification not delivered");
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}
