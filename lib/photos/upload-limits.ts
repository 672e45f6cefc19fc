import { env } from "@/lib/env";

/** Room for boundaries and small fields around the file in a multipart body. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** The most an upload's request body holds: the largest file and the multipart parts around it. */
export const maxUploadBodyBytes = () => env.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES;
