import { z } from "zod";
import { badRequest } from "@/lib/errors";

/** A keyset position in a (date desc, id desc) order (takenAt in the library, trashedAt in the trash): the last photo of the previous page. */
export interface Cursor {
  at: Date;
  id: string;
}

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor({ at, id }: Cursor): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { at: new Date(at), id };
  } catch {
    throw badRequest("The cursor is not valid; use the nextCursor of a previous page.");
  }
}
