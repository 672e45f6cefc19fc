// POST /api/v1/push/backup-finished – a backup ended in the background: tell the person's devices
import { NextResponse } from "next/server";
import { withUser } from "@/lib/api/route";
import { readJson } from "@/lib/api/read-json";
import { backupFinishedSchema } from "@/lib/contract/push";
import { notifyBackupFinished } from "@/lib/push";

export const POST = withUser(async (request, { userId }) => {
  const { count } = backupFinishedSchema.parse(await readJson(request));
  return NextResponse.json({ delivered: await notifyBackupFinished(userId, count) }, { status: 202 });
});
