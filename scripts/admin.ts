// `npm run admin -- <command>`: operator tasks against the configured database, Redis and store.
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import {
  accountIdByEmail,
  adminCreateAccount,
  adminListAccounts,
  adminQueueStatus,
  adminReprocessUser,
  adminResetPassword,
  adminUpdateAccount,
} from "@/lib/admin";
import { formatBytes } from "@/lib/contract/format-bytes";
import { AppError } from "@/lib/errors";

const USAGE = `Usage: npm run admin -- <command>

  list                                          every account with its photos, bytes, failures, quota (also: users)
  add <email> [--password <password>]           a new account, whatever SIGNUP says; a password is generated
                                                if none is given (also: create-user)
  set-quota <email> <size>                      e.g. 50GB, 500MB, 2000000000 (bytes) or "none" (unlimited)
  reset-password <email> [--password <password>]
                                                a new password (generated if none is given); every session
                                                and API token of the account ends at once
  disable <email>                               cannot sign in; its sessions and API tokens stop working at once
  enable <email>
  reprocess <email>                             make that user's thumbnails again
  queue                                         job counts and photos by status

Add --json for machine-readable output.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { password: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
});
const [command, email, size] = positionals;

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };

/** "50GB" → 50000000000 (decimal units, as the app shows sizes); "none" → null (unlimited). */
function parseQuota(text: string | undefined): number | null {
  if (!text) throw new UsageError("set-quota needs a size.");
  if (/^(none|unlimited)$/i.test(text)) return null;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?b)?$/i.exec(text.trim());
  const bytes = match ? Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? "").toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`"${text}" is not a size (try 50GB, 500MB or none).`);
  return bytes;
}

function needEmail(): string {
  if (!email) throw new UsageError(`${command} needs an email.`);
  return email;
}

class UsageError extends Error {}

async function run(): Promise<unknown> {
  switch (command) {
    case "add":
    case "create-user": {
      const { account, password } = await adminCreateAccount(needEmail(), values.password);
      return values.json
        ? { id: account.id, email: account.email, isAdmin: account.isAdmin, password }
        : `Created ${account.email} (${account.id})${account.isAdmin ? ", the admin" : ""}. Password: ${password}`;
    }
    case "reset-password": {
      const password = await adminResetPassword(await accountIdByEmail(needEmail()), values.password);
      return values.json ? { email, password } : `New password for ${email}: ${password}`;
    }
    case "set-quota": {
      const quotaBytes = parseQuota(size);
      await adminUpdateAccount(await accountIdByEmail(needEmail()), { quotaBytes });
      return values.json ? { email, quotaBytes } : `Quota of ${email}: ${quotaBytes === null ? "unlimited" : formatBytes(quotaBytes)}`;
    }
    case "disable":
    case "enable": {
      const disabled = command === "disable";
      await adminUpdateAccount(await accountIdByEmail(needEmail()), { disabled });
      return values.json ? { email, disabled } : `${email} is ${disabled ? "disabled" : "enabled"}.`;
    }
    case "list":
    case "users": {
      const { accounts } = await adminListAccounts();
      if (values.json) return accounts;
      return accounts.length
        ? accounts
            .map((account) =>
              [
                account.email + (account.isAdmin ? " (admin)" : "") + (account.disabled ? " (disabled)" : ""),
                `${account.photos} photos`,
                formatBytes(account.bytes),
                `quota ${account.quotaBytes === null ? "unlimited" : formatBytes(account.quotaBytes)}`,
                `${account.failed} failed (${account.damaged} damaged)`,
                `last upload ${account.lastUploadAt ?? "never"}`,
              ].join("\t"),
            )
            .join("\n")
        : "No accounts yet.";
    }
    case "reprocess": {
      const queued = await adminReprocessUser(needEmail());
      return values.json ? { email, queued } : `Queued ${queued} photos of ${email} for new thumbnails.`;
    }
    case "queue": {
      const status = await adminQueueStatus();
      if (values.json) return status;
      const counts = (entries: Record<string, number>) => Object.entries(entries).map(([state, count]) => `${state} ${count}`).join(", ");
      const queues = Object.entries(status.queues).map(([name, jobs]) => `Jobs (${name}): ${counts(jobs)}`);
      return [...queues, `Photos: ${counts(status.photos) || "none"}`].join("\n");
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".` : "");
  }
}

let exitCode = 0;
try {
  if (values.help) console.log(USAGE);
  else {
    const output = await run();
    console.log(typeof output === "string" ? output : JSON.stringify(output, null, 2));
  }
} catch (error) {
  exitCode = error instanceof UsageError ? 2 : 1;
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`.trim());
  else if (error instanceof AppError) console.error(error.message);
  else if (error instanceof ZodError) console.error(error.issues.map((issue) => issue.message).join("\n"));
  else console.error(error);
}
// The queue's Redis connection and the database pool would keep the process alive.
process.exit(exitCode);
