import { z } from "zod";

/* Accounts and API tokens: request and answer shapes (see lib/contract/photos.ts for why they live here). */

export const emailSchema = z.email({ error: "Enter a valid email address." }).max(254).transform((email) => email.toLowerCase());
export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(8, "The password must be at least 8 characters.")
  .max(1024, "The password is too long.");

export const signUpSchema = z
  .object({ email: emailSchema, password: passwordSchema, name: z.string().trim().max(100).optional() })
  .meta({ id: "SignUpRequest" });

export const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(1024) });

/** The expiry choices Settings offers; the API takes any whole number of days in the range. */
export const TOKEN_EXPIRY_DAYS = { min: 1, max: 3650 } as const;

export const tokenRequestSchema = credentialsSchema
  .extend({
    label: z.string().trim().max(100).optional().meta({ description: "Shown in Settings beside the token" }),
    expiresInDays: z
      .int({ error: "expiresInDays must be a whole number of days." })
      .min(TOKEN_EXPIRY_DAYS.min, `A token lasts at least ${TOKEN_EXPIRY_DAYS.min} day.`)
      .max(TOKEN_EXPIRY_DAYS.max, `A token lasts at most ${TOKEN_EXPIRY_DAYS.max} days.`)
      .optional()
      .meta({ description: "The token stops working this many days from now (answered 401 `token_expired`); without it, it never expires" }),
  })
  .meta({ id: "TokenRequest" });

export const createdTokenSchema = z
  .object({
    token: z.string().regex(/^pb_/).meta({ description: "Shown once: only its hash is stored" }),
    expiresAt: z.iso.datetime({ offset: true }).nullable().meta({ description: "null: never" }),
  })
  .meta({ id: "CreatedToken" });
export type CreatedTokenAnswer = z.infer<typeof createdTokenSchema>;

export const publicUserSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }).meta({ id: "User" });
export type PublicUser = z.infer<typeof publicUserSchema>;

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    label: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable().meta({ description: "To the hour" }),
    expiresAt: z.iso.datetime({ offset: true }).nullable().meta({ description: "When it stops working (it may be past); null: never" }),
  })
  .meta({ id: "ApiToken" });
export type ApiTokenSummary = z.infer<typeof apiTokenSchema>;
