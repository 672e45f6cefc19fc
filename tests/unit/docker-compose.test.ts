// Keeps Dockerfile, .dockerignore and docker-compose.yml consistent with the code, without a
// Docker engine: the files are read as text (and YAML) and checked against package.json and
// lib/env.ts (read as text: importing it would validate this process's environment).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { WORKER_BUNDLE_DIR, workerCommand, workerProgram, type WorkerProgram } from "@/scripts/worker-bundle";
import { HEARTBEAT_FILE } from "@/workers/heartbeat";
import { WORKER_PROCESS_ENV } from "@/workers/process-env";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Healthcheck = { test?: string | string[] };
type DependsOn = string[] | Record<string, { condition?: string }>;
type Service = {
  image?: string;
  volumes?: string[];
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: DependsOn;
  healthcheck?: Healthcheck;
  ports?: (string | number)[];
  restart?: string;
  stop_grace_period?: string;
};
type Compose = { services: Record<string, Service>; "x-app-env": Record<string, unknown> } & Record<string, unknown>;

// Compose resolves `<<` merge keys (YAML 1.1); the yaml package does so only when asked.
const compose = parse(read("docker-compose.yml"), { merge: true }) as Compose;
const services = compose.services;
const pkg = JSON.parse(read("package.json")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** The keys of the zod schema in lib/env.ts: its two-space-indented `NAME:` lines. */
const envSchemaKeys = new Set([...read("lib/env.ts").matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]));

const APP_SERVICES = ["app", "worker", "video-worker", "migrate"] as const;
/** The worker program's services: one per queue (WORKER_QUEUES), so videos never hold up photos. */
const WORKER_SERVICES = { worker: "photos", "video-worker": "videos" } as const;

/** How the worker image runs one of its bundled programs: from inside the bundle's folder. */
const imageCommand = (program: WorkerProgram) => ["node", ...workerCommand(program, ".")].join(" ");
/** How package.json's script runs it: from the project, after `npm run build`. */
const projectCommand = (program: WorkerProgram) => ["node", ...workerCommand(program)].join(" ");

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

const commandLine = (command: string | string[] | undefined) => (Array.isArray(command) ? command.join(" ") : (command ?? ""));

function dependencies(of: Service): Record<string, string | undefined> {
  const dependsOn = of.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, "service_started"]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, options]) => [name, options?.condition]));
}

/** `npm run NAME` (or `npm run-script NAME`) occurrences in a command line. */
const npmScripts = (line: string) => [...line.matchAll(/\bnpm\s+(?:run|run-script)\s+(?:-\S+\s+)*([\w:.-]+)/g)].map((match) => match[1]!);

/** `node --import NAME` occurrences in a command line. */
const importedModules = (line: string) => [...line.matchAll(/--import[= ](\S+)/g)].map((match) => match[1]!);

/** `node_modules/.bin/NAME` occurrences in a command line. */
const localBins = (line: string) => [...line.matchAll(/node_modules\/\.bin\/([\w.-]+)/g)].map((match) => match[1]!);

/** Executables that the production dependencies (what the image's runtime stage installs) provide. */
function productionBins(): Set<string> {
  const bins = new Set<string>();
  for (const name of Object.keys(pkg.dependencies)) {
    const manifest = path.join(root, "node_modules", name, "package.json");
    if (!existsSync(manifest)) continue;
    const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin?: string | Record<string, string> };
    if (typeof bin === "string") bins.add(name.replace(/^@[^/]+\//, ""));
    else for (const binName of Object.keys(bin ?? {})) bins.add(binName);
  }
  return bins;
}

type Instruction = { keyword: string; args: string };
type Stage = { name: string; from: string; instructions: Instruction[] };

/** Dockerfile stages, with continuation lines joined and comments dropped. */
function dockerfileStages(text: string): Stage[] {
  const logical: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue; // a comment inside a continued instruction
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + line);
    pending = "";
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") {
      const [, from = "", name = `stage${stages.length}`] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** A Dockerfile CMD/ENTRYPOINT/RUN argument as one command line (exec form or shell form). */
const instructionLine = (args: string) => (args.startsWith("[") ? (JSON.parse(args) as string[]).join(" ") : args);

const dockerfile = read("Dockerfile");
const stages = dockerfileStages(dockerfile);
const stageNamed = (name: string) => stages.find((stage) => stage.name === name);
/** The stages compose runs: what ends up in the images. */
const runtimeStages = () => ["web", "worker"].map((name) => stageNamed(name)!);

type LintReport = { filePath: string; messages: { rule: string; type: string; message: string }[] }[];

/** dclint's findings on a compose file: the Compose specification's schema, then its rules (.dclintrc.yaml). */
function dclint(file: string): { status: number | null; messages: LintReport[number]["messages"] } {
  const run = spawnSync(path.join(root, "node_modules/.bin/dclint"), [file, "--formatter", "json", "--config", path.join(root, ".dclintrc.yaml")], {
    cwd: root,
    encoding: "utf8",
  });
  const report = JSON.parse(run.stdout || "[]") as LintReport;
  return { status: run.status, messages: report.flatMap((entry) => entry.messages) };
}

describe("docker-compose.yml", () => {
  it("passes dclint: valid against the Compose specification's schema, and its rules", () => {
    const { status, messages } = dclint("docker-compose.yml");
    expect(messages).toEqual([]);
    expect(status).toBe(0);
  });

  it("would fail dclint with a key the Compose specification does not have", () => {
    const directory = mkdtempSync(path.join(tmpdir(), "compose-"));
    try {
      const broken = path.join(directory, "docker-compose.yml");
      writeFileSync(broken, read("docker-compose.yml").replace("stop_grace_period:", "stop_grace_periods:"));
      const { status, messages } = dclint(broken);
      expect(status).not.toBe(0);
      expect(messages).toEqual([expect.objectContaining({ rule: "invalid-schema" })]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("defines the production stack's eight services, each named in the README", () => {
    expect(Object.keys(services).sort()).toEqual(["app", "garage", "migrate", "postgres", "redis", "store-init", "video-worker", "worker"]);
    const production = read("README.md").split("## Running in production")[1]!.split("\n## ")[0]!;
    for (const name of Object.keys(services)) expect(production, `the README names ${name}`).toContain(`\`${name}\``);
    expect(service("postgres").image).toMatch(/^postgres:17-alpine$/);
    expect(service("redis").image).toMatch(/^redis:7-alpine$/);
    expect(service("garage").image).toMatch(/^dxflrs\/garage:v\d+\.\d+\.\d+$/);
  });

  it("pins every image it pulls to a version, the store's to an exact release", () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.build) continue;
      expect(definition.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    }
    expect(service("garage").image).toMatch(/:v\d+\.\d+\.\d+$/);
  });

  it("builds app from the Dockerfile's web stage, worker and migrate from its worker stage", () => {
    const targets = { app: "web", worker: "worker", "video-worker": "worker", migrate: "worker" };
    for (const [name, target] of Object.entries(targets)) {
      const { build, image } = service(name);
      expect(typeof build, `${name} builds its image`).toBe("object");
      const { context = ".", dockerfile = "Dockerfile", target: builtTarget } = build as { context?: string; dockerfile?: string; target?: string };
      expect(path.resolve(root, context)).toBe(path.resolve(root));
      expect(dockerfile).toBe("Dockerfile");
      expect(builtTarget, name).toBe(target);
      expect(stageNamed(target), `the Dockerfile has a ${target} stage`).toBeTruthy();
      expect(image).toBe(`photo-backup-${target}:local`);
    }
  });

  it("passes app, the workers and migrate the shared x-app-env environment, each worker its queue", () => {
    const shared = compose["x-app-env"];
    expect(shared).toBeTypeOf("object");
    for (const name of ["app", "migrate"]) expect(service(name).environment).toEqual(shared);
    for (const [name, queue] of Object.entries(WORKER_SERVICES)) expect(service(name).environment).toEqual({ ...shared, WORKER_QUEUES: queue });
    expect(envSchemaKeys).toContain("WORKER_QUEUES");
  });

  it("sets only variables that lib/env.ts validates, all as strings", () => {
    expect(envSchemaKeys.size).toBeGreaterThan(10); // the regex still finds the schema
    const shared = compose["x-app-env"];
    for (const [name, value] of Object.entries(shared)) {
      expect(envSchemaKeys, `${name} is not in lib/env.ts's schema`).toContain(name);
      // Compose rejects booleans and YAML would turn `true` into one: quote them.
      expect(typeof value, `${name} must be a string`).toBe("string");
    }
    for (const name of ["DATABASE_URL", "REDIS_URL", "S3_ENDPOINT", "S3_PUBLIC_ENDPOINT", "S3_BUCKET", "AUTH_SECRET"]) {
      expect(Object.keys(shared)).toContain(name);
    }
    expect(shared.NODE_ENV).toBe("production");
    expect(shared.S3_FORCE_PATH_STYLE).toBe("true");
    expect(shared.S3_ENDPOINT).toBe("http://garage:3900");
    expect(shared.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(shared.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    // No insecure default: compose refuses to start without an AUTH_SECRET.
    expect(shared.AUTH_SECRET).toMatch(/^\$\{AUTH_SECRET:\?/);
  });

  it("migrates before app and worker start, once the services they need are healthy", () => {
    expect(dependencies(service("migrate"))).toMatchObject({ postgres: "service_healthy", "store-init": "service_completed_successfully" });
    for (const name of ["app", ...Object.keys(WORKER_SERVICES)]) {
      expect(dependencies(service(name))).toMatchObject({ migrate: "service_completed_successfully", redis: "service_healthy" });
    }
    expect(service("migrate").restart).toBe("no");
    expect(commandLine(service("migrate").command)).toBe(imageCommand("migrate"));
    expect(pkg.scripts.migrate).toBe(projectCommand("migrate"));
  });

  it("health-checks every long-running service, and waits only on services that have one", () => {
    for (const name of ["postgres", "redis", "garage", "app", ...Object.keys(WORKER_SERVICES)]) {
      const test = service(name).healthcheck?.test;
      expect(test, `${name} has no healthcheck`).toBeTruthy();
      expect(test!.length).toBeGreaterThan(0);
    }
    expect(commandLine(service("app").healthcheck!.test)).toContain("/api/health");
    // The worker's is the age of the file workers/heartbeat.ts writes, in the image's /tmp.
    for (const name of Object.keys(WORKER_SERVICES)) expect(commandLine(service(name).healthcheck!.test)).toContain(`/tmp/${path.basename(HEARTBEAT_FILE)}`);
    for (const [name, definition] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependencies(definition))) {
        expect(services, `${name} depends on a missing service`).toHaveProperty(dependency);
        if (condition === "service_healthy") expect(service(dependency).healthcheck, `${name} waits on ${dependency}`).toBeTruthy();
      }
    }
  });

  it("sets Garage up with the store-init step, which alone has the admin token", () => {
    const init = service("store-init");
    expect(commandLine(init.command)).toBe(imageCommand("store-init"));
    expect(init.restart).toBe("no");
    expect(dependencies(init)).toEqual({ garage: "service_healthy" });
    const initEnv = init.environment as Record<string, unknown>;
    expect(initEnv.GARAGE_ADMIN_URL).toBe("http://garage:3903");
    expect(initEnv.GARAGE_ADMIN_TOKEN).toBe((service("garage").environment as Record<string, unknown>).GARAGE_ADMIN_TOKEN);
    // The key it imports and allows is the one the app signs with.
    const shared = compose["x-app-env"];
    for (const name of ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET"]) expect(initEnv[name], name).toBe(shared[name]);
  });

  it("gives app, worker and migrate the app's own key, required, and none of Garage's secrets", () => {
    const shared = compose["x-app-env"];
    expect(shared.S3_ACCESS_KEY_ID).toMatch(/^\$\{S3_ACCESS_KEY_ID:\?/);
    expect(shared.S3_SECRET_ACCESS_KEY).toMatch(/^\$\{S3_SECRET_ACCESS_KEY:\?/);
    for (const name of APP_SERVICES) {
      const environment = JSON.stringify(service(name).environment);
      expect(environment, name).not.toMatch(/GARAGE_|MINIO_ROOT|minioadmin/);
    }
  });

  it("names Garage's region the app signs with, and sets the bucket's CORS rule to the app's origin in the migrate step", () => {
    expect(service("garage").volumes).toContain("./garage.toml:/etc/garage.toml:ro");
    expect(read("garage.toml")).toMatch(new RegExp(`^s3_region = "${String(compose["x-app-env"].S3_REGION)}"$`, "m"));
    expect(read("garage.toml")).not.toMatch(/^(rpc_secret|admin_token)\s*=/m);
    expect(compose["x-app-env"].APP_ORIGIN).toMatch(/^\$\{APP_ORIGIN:-https?:\/\/[^}]+\}$/);
    expect(read("scripts/migrate.ts")).toMatch(/ensureBucket\(\)/);
  });

  it("publishes the web app and Garage's S3 API (browsers fetch signed URLs from it), not its admin API", () => {
    expect((service("app").ports ?? []).map(String).some((port) => port.endsWith(":3000"))).toBe(true);
    const garagePorts = (service("garage").ports ?? []).map(String);
    expect(garagePorts.some((port) => /(^|:)3900:3900$/.test(port))).toBe(true);
    expect(garagePorts.some((port) => /3903/.test(port))).toBe(false);
  });

  it("gives the workers time to finish their jobs, and SIGTERM reaches them directly", () => {
    for (const name of Object.keys(WORKER_SERVICES)) {
      expect(service(name).stop_grace_period).toBeTruthy();
      // `npm run worker` would not pass SIGTERM on, so compose runs the script's own command.
      expect(commandLine(service(name).command)).toBe(imageCommand("index"));
    }
    expect(pkg.scripts.worker).toBe(projectCommand("index"));
  });

  it("calls only npm scripts that package.json defines, and binaries of production dependencies", () => {
    const bins = productionBins();
    for (const [name, definition] of Object.entries(services)) {
      for (const line of [commandLine(definition.command), commandLine(definition.entrypoint)]) {
        for (const script of npmScripts(line)) expect(pkg.scripts, `${name} runs npm run ${script}`).toHaveProperty(script);
        for (const bin of localBins(line)) expect(bins, `${name} runs node_modules/.bin/${bin}`).toContain(bin);
        for (const imported of importedModules(line)) expect(pkg.dependencies, `${name} imports ${imported}`).toHaveProperty(imported);
      }
    }
  });
});

describe("Dockerfile", () => {
  it("builds on a supported Node LTS (24) in stages, with a web and a worker stage", () => {
    for (const stage of stages) expect(stage.from).toMatch(/^(node:24-bookworm-slim|[\w-]+)$/);
    expect(stages[0]!.from).toBe("node:24-bookworm-slim");
    expect(stageNamed("web")).toBeTruthy();
    expect(stageNamed("worker")).toBeTruthy();
    expect(stageNamed("web")!.instructions.some(({ keyword, args }) => keyword === "EXPOSE" && args.split(/\s+/).includes("3000"))).toBe(true);
  });

  it("runs the Node version that CI and this test suite run on", () => {
    const imageMajor = /^node:(\d+)-/.exec(stages[0]!.from)?.[1];
    expect(read(".ci/run")).toMatch(new RegExp(`^NODE_VERSION=${imageMajor}\\.\\d+\\.\\d+$`, "m"));
    expect(process.versions.node.split(".")[0], "run the tests on the images' Node (README, Quick start)").toBe(imageMajor);
    expect((JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node).toBe(`${imageMajor}.x`);
  });

  it("runs both images as a non-root user", () => {
    for (const stage of runtimeStages()) {
      const users = stage.instructions.filter(({ keyword }) => keyword === "USER").map(({ args }) => args.split(":")[0]);
      expect(users.length, stage.name).toBeGreaterThan(0);
      expect(["root", "0"]).not.toContain(users.at(-1));
    }
  });

  it("puts only Next's standalone server (output: \"standalone\") in the web image", () => {
    expect(read("next.config.js")).toMatch(/output:\s*"standalone"/);
    const web = stageNamed("web")!;
    const copies = web.instructions.filter(({ keyword }) => keyword === "COPY").map(({ args }) => args);
    expect(copies).toEqual([expect.stringMatching(/^--from=build \/app\/\.next\/standalone \.\/?$/)]);
    expect(instructionLine(web.instructions.find(({ keyword }) => keyword === "CMD")!.args)).toBe("node --require ./peer-address.cjs server.js");
    expect(instructionLine(web.instructions.find(({ keyword }) => keyword === "CMD")!.args)).toBe(commandLine(service("app").command));
    // Docker sets HOSTNAME to the container id, which the standalone server would listen on.
    expect(web.instructions.some(({ keyword, args }) => keyword === "ENV" && /HOSTNAME=0\.0\.0\.0/.test(args))).toBe(true);
    // The build copies public/ and the static files beside the server (scripts/build.ts).
    expect(pkg.scripts.build).toMatch(/ scripts\/build\.ts$/);
  });

  it("puts only the worker's bundles, the modules they load and the migrations in the worker image, run by plain node", () => {
    const worker = stageNamed("worker")!;
    const copies = worker.instructions.filter(({ keyword }) => keyword === "COPY").map(({ args }) => args);
    expect(WORKER_BUNDLE_DIR).toBe(path.join("dist", "worker"));
    expect(copies).toEqual([`--from=build /app/${WORKER_BUNDLE_DIR} ./`, "prisma/migrations ./prisma/migrations"]);
    expect(instructionLine(worker.instructions.find(({ keyword }) => keyword === "CMD")!.args)).toBe(imageCommand("index"));
    const lines = [
      ...worker.instructions.map(({ args }) => args),
      ...["worker", "migrate", "store-init"].map((name) => commandLine(service(name).command)),
    ];
    for (const line of lines) expect(line).not.toMatch(/\b(tsx|npm|npx)\b|\.ts\b/);
    // Operators run admin in the running worker container.
    expect(read("README.md")).toContain(`docker compose exec worker node ${path.basename(workerProgram("admin"))} `);
    expect(pkg.scripts.admin).toBe(projectCommand("admin"));
  });

  it("installs native libheif's heif-convert in the worker image only, as CI installs it for the tests", () => {
    const installs = (stage: string) =>
      stageNamed(stage)!.instructions.some(({ keyword, args }) => keyword === "RUN" && /apt-get install .*\blibheif-examples\b/.test(args));
    expect(installs("worker")).toBe(true);
    expect(installs("web")).toBe(false);
    expect(read(".ci/run")).toMatch(/command -v heif-convert[\s\S]*apt-get install -y -qq libheif-examples/);
  });

  it("starts the worker with the environment npm start and the tests give it", () => {
    const worker = stageNamed("worker")!;
    for (const [name, value] of Object.entries(WORKER_PROCESS_ENV)) {
      expect(worker.instructions.some(({ keyword, args }) => keyword === "ENV" && args === `${name}=${value}`), name).toBe(true);
    }
  });

  it("copies the Prisma schema and config before every `npm ci` (postinstall runs prisma generate)", () => {
    for (const stage of stages) {
      const ci = stage.instructions.findIndex(({ keyword, args }) => keyword === "RUN" && /\bnpm ci\b/.test(args));
      if (ci === -1) continue;
      const copied = stage.instructions
        .slice(0, ci)
        .filter(({ keyword }) => keyword === "COPY")
        .map(({ args }) => args)
        .join(" ");
      for (const file of ["package.json", "package-lock.json", "prisma.config.ts", "prisma"]) {
        expect(copied.split(/\s+/), `stage ${stage.name} copies ${file} before npm ci`).toContain(file);
      }
    }
  });

  it("runs only npm scripts that package.json defines, and modules of production dependencies", () => {
    const bins = productionBins();
    for (const stage of stages) {
      for (const { keyword, args } of stage.instructions) {
        if (!["RUN", "CMD", "ENTRYPOINT"].includes(keyword)) continue;
        const line = instructionLine(args);
        for (const script of npmScripts(line)) expect(pkg.scripts, `${stage.name}: ${line}`).toHaveProperty(script);
        if (stage.name === "worker") {
          for (const bin of localBins(line)) expect(bins, `${stage.name}: ${line}`).toContain(bin);
          for (const imported of importedModules(line)) expect(pkg.dependencies, `${stage.name}: ${line}`).toHaveProperty(imported);
        }
      }
    }
    expect(stages.some((stage) => stage.instructions.some(({ keyword, args }) => keyword === "RUN" && npmScripts(args).includes("build")))).toBe(true);
  });
});

describe(".env.example", () => {
  it("names every variable docker-compose.yml reads, and leaves the secrets blank", () => {
    const example = Object.fromEntries(
      read(".env.example")
        .split("\n")
        .filter((line) => /^[A-Z]/.test(line))
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    const interpolated = new Set([...read("docker-compose.yml").matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!));
    expect(Object.keys(example).sort()).toEqual([...interpolated].sort());
    const secrets = ["AUTH_SECRET", "GARAGE_RPC_SECRET", "GARAGE_ADMIN_TOKEN", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "METRICS_TOKEN", "VAPID_PRIVATE_KEY"];
    for (const secret of secrets) expect(example[secret], secret).toBe("");
  });
});

describe(".dockerignore", () => {
  it("keeps local installs, builds, data and secrets out of the build context", () => {
    const entries = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    for (const entry of ["node_modules", ".next", "dist", "data", ".git", "tests", "test-results", "playwright-report", "lib/generated", ".env"]) {
      expect(entries).toContain(entry);
    }
  });
});
