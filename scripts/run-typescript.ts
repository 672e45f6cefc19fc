/**
 * Node's arguments for running a TypeScript file from source. tsx's loader in the process itself:
 * the `tsx` command would run the file in a child, which a signal to the parent may not reach. The
 * `react-server` export condition, as in Next's server build: under it `server-only`, which the
 * server modules of lib/ import so that no browser bundle can take them in, is an empty module.
 */
export const RUN_TYPESCRIPT = ["--conditions=react-server", "--import", "tsx"] as const;
