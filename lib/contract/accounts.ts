import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/contract/auth";

/* The signed-in account (GET /api/v1/me) and the admin's view and actions (/api/v1/admin/…). */

const quotaBytesSchema = z.int().positive().max(Number.MAX_SAFE_INTEGER).nullable().meta({ description: "Bytes of originals; null is unlimited" });

export const meSchema = z
  .object({
    account: z.object({ id: z.uuid(), email: z.string(), isAdmin: z.boolean(), createdAt: z.iso.datetime({ offset: true }) }),
    usage: z.object({ photos: z.int().nonnegative(), bytes: z.int().nonnegative().meta({ description: "Of the originals" }) }),
    quotaBytes: quotaBytesSchema,
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof meSchema>;

export const adminAccountSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    isAdmin: z.boolean(),
    disabled: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    quotaBytes: quotaBytesSchema,
    photos: z.int().nonnegative(),
    bytes: z.int().nonnegative(),
    failed: z.int().nonnegative(),
    damaged: z.int().nonnegative().meta({ description: "Failed because the nightly scrub found the stored original damaged" }),
    lastUploadAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: "AdminAccount" });
export type AdminAccount = z.infer<typeof adminAccountSchema>;

export const damagedPhotoSchema = z
  .object({ id: z.uuid(), email: z.string(), filename: z.string(), uploadedAt: z.iso.datetime({ offset: true }) })
  .meta({ id: "DamagedPhoto" });
export type DamagedPhoto = z.infer<typeof damagedPhotoSchema>;

export const adminAccountListSchema = z
  .object({
    accounts: z.array(adminAccountSchema),
    damagedPhotos: z.array(damagedPhotoSchema).meta({ description: "The most recently uploaded ones (at most 100)" }),
  })
  .meta({ id: "AdminAccountList" });
export type AdminAccountList = z.infer<typeof adminAccountListSchema>;

export const createAccountSchema = z.object({ email: emailSchema, password: passwordSchema }).meta({ id: "CreateAccountRequest" });

export const updateAccountSchema = z
  .object({ quotaBytes: quotaBytesSchema.optional(), disabled: z.boolean().optional() })
  .refine((update) => update.quotaBytes !== undefined || update.disabled !== undefined, "Send quotaBytes, disabled or both.")
  .meta({ id: "UpdateAccountRequest" });

export const resetPasswordSchema = z.object({ password: passwordSchema }).meta({ id: "ResetPasswordRequest" });
