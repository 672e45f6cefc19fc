import { hash, verify } from "@node-rs/argon2";

/** argon2id with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum. */
export const hashPassword = (password: string) => hash(password);

export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);

/** Verified against when the email is unknown, so a miss costs as long as a wrong password. */
export const timingDummyHash = hash("timing-equalizer-not-a-real-password");
