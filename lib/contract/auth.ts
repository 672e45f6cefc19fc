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

export const tokenRequestSchema = credentialsSchema
  .extend({ label: z.string().trim().max(100).optional().meta({ description: "Shown in Settings beside the token" }) })
  .meta({ id: "TokenRequest" });

export const publicUserSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }).meta({ id: "User" });
export type PublicUser = z.infer<typeof publicUserSchema>;

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    label: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable().meta({ description: "To the hour" }),
  })
  .meta({ id: "ApiToken" });
export type ApiTokenSummary = z.infer<typeof apiTokenSchema>;
