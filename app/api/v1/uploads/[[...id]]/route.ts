// /api/v1/uploads[/:id] – resumable uploads (tus 1.0.0): POST creates one; HEAD, PATCH and DELETE act on it
import type { NextRequest } from "next/server";
import { withUser } from "@/lib/api/route";
import { handleResumableUpload } from "@/lib/api/resumable-uploads";

const handleForUser = withUser((request, { userId }) => handleResumableUpload(request, userId));

export { handleForUser as POST, handleForUser as HEAD, handleForUser as PATCH, handleForUser as DELETE };

/** tus's discovery (versions, extensions, Tus-Max-Size) needs no user. */
export const OPTIONS = (request: NextRequest) => handleResumableUpload(request, null);
