// `npm run admin -- <command>`: operator tasks against the configured database, Redis and store.
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { adminCreateUser, adminListUsers, adminQueueStatus, adminReprocessUser, adminResetPassword } from "@/lib/admin";
import { AppError } from "@/lib/errors";

const USAGE = `Usage: npm run admin -- <command>

  create-user <email> [--password <password>]      a new account (a password is generated if none is given)
  reset-password <email> [--password <password>]   a new password (generated if none is given); every session
                                                   and API token of the account ends at once
  users                                            every account with its photos, bytes and failures
  reprocess <email>                                make that user's thumbnails again
  queue                                            job counts and photos by status

Add --json for machine-readable output.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { password: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
});
const [command, email] = positionals;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function needEmail(): string {
  if (!email) throw new UsageError(`${command} needs an email.`);
  return email;
}

class UsageError extends Error {}

async function run(): Promise<unknown> {
  switch (command) {
    case "create-user": {
      const { user, password } = await adminCreateUser(needEmail(), values.password);
      return values.json ? { id: user.id, email: user.email, password } : `Created ${user.email} (${user.id}). Password: ${password}`;
    }
    case "reset-password": {
      const password = await adminResetPassword(needEmail(), values.password);
      return values.json ? { email, password } : `New password for ${email}: ${password}`;
    }
    case "users": {
      const users = await adminListUsers();
      if (values.json) return users;
      return users.length
        ? users.map((user) => `${user.email}\t${user.photos} photos\t${megabytes(user.bytes)}\t${user.failed} failed`).join("\n")
        : "No accounts yet.";
    }
    case "reprocess": {
      const queued = await adminReprocessUser(needEmail());
      return values.json ? { email, queued } : `Queued ${queued} photos of ${email} for new thumbnails.`;
    }
    case "queue": {
      const status = await adminQueueStatus();
      if (values.json) return status;
      const jobs = Object.entries(status.jobs).map(([state, count]) => `${state} ${count}`).join(", ");
      const photos = Object.entries(status.photos).map(([state, count]) => `${state} ${count}`).join(", ");
      return `Jobs: ${jobs}\nPhotos: ${photos || "none"}`;
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
