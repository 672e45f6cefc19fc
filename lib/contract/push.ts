import { z } from "zod";

/* Web Push: request and answer shapes (see lib/contract/photos.ts for why they live here). */

/** What `PushSubscription.toJSON()` gives in a browser. */
export const pushSubscriptionSchema = z
  .object({
    endpoint: z.url({ protocol: /^https$/, error: "must be the push service's https:// URL" }).max(2048),
    keys: z.object({
      p256dh: z.string().regex(/^[\w-]{80,100}={0,2}$/, "must be the browser's base64url P-256 key"),
      auth: z.string().regex(/^[\w-]{16,30}={0,2}$/, "must be the browser's base64url auth secret"),
    }),
  })
  .meta({ id: "PushSubscription" });
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

export const pushUnsubscribeSchema = pushSubscriptionSchema.pick({ endpoint: true }).meta({ id: "PushUnsubscribeRequest" });

export const backupFinishedSchema = z
  .object({ count: z.int().min(1).max(1_000_000).meta({ description: "Photos backed up in the run that just ended" }) })
  .meta({ id: "BackupFinishedRequest" });

export const pushSettingsSchema = z
  .object({
    enabled: z.boolean().meta({ description: "Whether this server sends notifications (VAPID keys set)" }),
    publicKey: z.string().nullable().meta({ description: "The VAPID public key to subscribe with; null when off" }),
  })
  .meta({ id: "PushSettings" });
export type PushSettings = z.infer<typeof pushSettingsSchema>;
