/**
 * The run's local S3 store in a process of its own, as `npm start`'s launcher runs it beside the
 * app: the benchmarks use it so the client they time does not share an event loop with the store.
 */
import { startRunStore } from "@/tests/support/stack";

const store = await startRunStore(process.env as Record<string, string>);
process.send?.("ready");
process.once("SIGTERM", () => void store.stop().then(() => process.exit(0)));
