// Sets Garage up for the app, then exits: the compose stack's one-shot `store-init` service.
import { adminApi, initStore, parseStoreInitSettings } from "@/scripts/garage-setup";

const config = parseStoreInitSettings(process.env);
const changed = await initStore(config, adminApi(config.GARAGE_ADMIN_URL, config.GARAGE_ADMIN_TOKEN));
console.log(changed.length ? `Garage set up: ${changed.join(", ")}` : "Garage is already set up.");
