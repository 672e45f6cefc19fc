/**
 * The run's local S3 store in a process of its own, as `npm start`'s launcher runs it beside the
 * app: the benchmarks use it so the client they time does not share an event loop with the store.
 */
import { startLocalS3 } from "@/scripts/embedded/local-s3";

const store = await startLocalS3(
  process.env.DATA_DIR!,
  Number(process.env.EMBEDDED_S3_PORT),
  { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  process.env.S3_BUCKET ?? "photos",
);
process.send?.("ready");
process.once("SIGTERM", () => void store.stop().then(() => process.exit(0)));
