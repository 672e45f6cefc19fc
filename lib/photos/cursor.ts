import { z } from "zod";
import { badRequest } from "@/lib/errors";

/** A keyset position in the (takenAt desc, id desc) order: the last photo of the previous page. */
export interface Cursor {
  takenAt: Date;
  id: string;
}

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor({ takenAt, id }: Cursor): string {
  return Buffer.from(JSON.stringify([takenAt.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const [takenAt, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { takenAt: new Date(takenAt), id };
  } catch {
    throw badRequest("The cursor is not valid; use the nextCursor of a previous page.");
  }
}
