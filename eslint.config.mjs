import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * The architecture's boundaries, enforced rather than remembered (README, Architecture):
 * - the browser (components/, the service worker) imports no server module: of lib/ only the
 *   contract (the API's shapes) and the PWA's cache names, which run anywhere;
 * - lib/ never imports the app (routes, pages) or the UI;
 * - the domain (lib/ but its HTTP layer lib/api/, and the worker) never imports the HTTP layer;
 * - each table has one owner module, the only one that queries it.
 */

const restrict = (...groups) => ["error", { patterns: groups.map(([group, message]) => ({ group, message })) }];

const APP_AND_UI = [["@/app/*", "@/components/*"], "lib/ and workers/ never import routes, pages or UI."];
const HTTP_LAYER = [
  ["@/lib/api/*", "next", "next/*", "@tus/server"],
  "The domain never imports the HTTP layer: throw an AppError (lib/errors.ts) and let lib/api/ answer it.",
];
const SERVER_MODULES = [
  ["@/lib/*", "!@/lib/contract", "!@/lib/contract/*", "!@/lib/pwa", "!@/lib/pwa/*", "@/workers/*", "@/scripts/*"],
  "Browser code imports no server module: types and schemas of the API come from @/lib/contract.",
];
const PARENT_PATHS = [["../*", "./../*"], "Import with @/ so the boundaries above can see the import."];

/** Each table and the one module that may query it. */
const TABLE_OWNERS = {
  photo: "lib/photos/photo-repository.ts",
  user: "lib/auth/users.ts",
  apiToken: "lib/auth/api-tokens.ts",
  pushSubscription: "lib/push.ts",
};
/** Raw SQL: only the owners of tables, and the health check's `SELECT 1`. */
const RAW_SQL_ALLOWED = [TABLE_OWNERS.photo, TABLE_OWNERS.user, "lib/health.ts"];

const tableAccess = (table) => ({
  selector: `MemberExpression[object.name='db'][property.name='${table}']`,
  message: `Only ${TABLE_OWNERS[table]} queries this table: add a function there.`,
});
const rawSql = {
  selector: "MemberExpression[object.name='db'][property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]",
  message: "Raw SQL belongs in the table's owner module.",
};
const SERVER_CODE = ["app/**/*.{ts,tsx}", "lib/**/*.ts", "workers/**/*.ts", "scripts/**/*.ts"];
const ownership = (file) => [
  "error",
  ...Object.keys(TABLE_OWNERS)
    .filter((table) => TABLE_OWNERS[table] !== file)
    .map(tableAccess),
  ...(RAW_SQL_ALLOWED.includes(file) ? [] : [rawSql]),
];
const ownerFiles = [...new Set([...Object.values(TABLE_OWNERS), ...RAW_SQL_ALLOWED])];

const config = [
  ...nextVitals,
  ...nextTs,
  { rules: { "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }] } },
  { files: ["**/*.{ts,tsx,mjs}"], rules: { "no-restricted-imports": restrict(PARENT_PATHS) } },
  // Preloads Node loads with --require before anything else: CommonJS by nature.
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  { files: ["components/**/*.{ts,tsx}", "app/sw.ts"], rules: { "no-restricted-imports": restrict(SERVER_MODULES, PARENT_PATHS) } },
  { files: ["lib/api/**/*.ts"], rules: { "no-restricted-imports": restrict(APP_AND_UI, PARENT_PATHS) } },
  {
    files: ["lib/**/*.ts", "workers/**/*.ts"],
    ignores: ["lib/api/**"],
    rules: { "no-restricted-imports": restrict(HTTP_LAYER, APP_AND_UI, PARENT_PATHS) },
  },
  { files: SERVER_CODE, ignores: ownerFiles, rules: { "no-restricted-syntax": ownership(null) } },
  ...ownerFiles.map((file) => ({ files: [file], rules: { "no-restricted-syntax": ownership(file) } })),
  { ignores: [".next/**", "dist/**", "node_modules/**", "data/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "tests/artifacts/**"] },
];

export default config;
