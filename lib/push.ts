import webpush, { WebPushError } from "web-push";
import type { PushSettings, PushSubscriptionInput } from "@/lib/contract/push";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { badRequest, conflict } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sharedLimiter, takePoint } from "@/lib/rate-limits";

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

/** Browsers a person gets notifications on; subscribing one more forgets the least recently subscribed. */
const MAX_SUBSCRIPTIONS_PER_USER = 10;
/** Deliveries in a row a push service may refuse (other than "gone") before the subscription is dropped. */
const MAX_DELIVERY_FAILURES = 5;

/**
 * Keeps a browser's subscription for this user. A browser has one subscription: if another account
 * on it had subscribed, it moves to this one only when the request carries the subscription's own
 * auth secret (only that browser has it), so nobody can take another account's notifications by
 * posting its endpoint.
 */
export async function savePushSubscription(userId: string, subscription: PushSubscriptionInput): Promise<void> {
  requirePush();
  if (!isKnownPushService(subscription.endpoint)) {
    throw badRequest("The endpoint is not a known browser push service.");
  }
  const { endpoint, keys } = subscription;
  const existing = await db.pushSubscription.findUnique({ where: { endpoint } });
  if (existing && existing.userId !== userId && existing.auth !== keys.auth) {
    throw conflict("This push subscription belongs to another account.");
  }
  const data = { userId, p256dh: keys.p256dh, auth: keys.auth, failures: 0, createdAt: new Date() };
  await db.pushSubscription.upsert({ where: { endpoint }, create: { endpoint, ...data }, update: data });
  const beyondLimit = await db.pushSubscription.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: MAX_SUBSCRIPTIONS_PER_USER,
    select: { id: true },
  });
  if (beyondLimit.length) await db.pushSubscription.deleteMany({ where: { id: { in: beyondLimit.map((row) => row.id) } } });
}

export async function deletePushSubscription(userId: string, endpoint: string): Promise<void> {
  await db.pushSubscription.deleteMany({ where: { userId, endpoint } });
}

/** A backup run ends with one notification; a page asking for many more is not a backup. */
const NOTIFICATIONS_PER_HOUR = 20;
const globalForPush = globalThis as unknown as { notificationLimiter?: ReturnType<typeof sharedLimiter> };
const notificationLimiter = () => (globalForPush.notificationLimiter ??= sharedLimiter("backup-finished", { points: NOTIFICATIONS_PER_HOUR, duration: 3600 }));

/** Push services forget subscriptions (browser data cleared, app uninstalled): these answers mean "gone". */
const isGone = (error: unknown) => error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410);

/**
 * "Your photos are backed up" to every browser this user subscribed, NOTIFICATIONS_PER_HOUR at most;
 * subscriptions the push service no longer knows, or refused too often, are dropped. Returns how
 * many accepted the message.
 */
export async function notifyBackupFinished(userId: string, count: number): Promise<number> {
  const vapidDetails = requirePush();
  await takePoint(notificationLimiter(), userId, "Too many notifications.");
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
        if (subscription.failures > 0) await db.pushSubscription.updateMany({ where: { id: subscription.id }, data: { failures: 0 } });
        return true;
      } catch (error) {
        if (isGone(error) || subscription.failures + 1 >= MAX_DELIVERY_FAILURES) {
          await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
        } else {
          await db.pushSubscription.updateMany({ where: { id: subscription.id }, data: { failures: { increment: 1 } } });
        }
        if (!isGone(error)) logger.warn({ err: error, userId }, "push notification not delivered");
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}
