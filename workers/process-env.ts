/**
 * The environment a worker process starts with (scripts/start.ts, the tests; the worker image sets
 * the same). glibc's malloc gives threads that allocate arenas of their own, and the libuv threads
 * running sharp's jobs fragment them: resident memory creeps up for hours. Two arenas keep it down
 * (sharp's advice for glibc, short of jemalloc). Read by glibc at process start, so not settable
 * from inside.
 */
export const WORKER_PROCESS_ENV = { MALLOC_ARENA_MAX: "2" } as const;
