import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { rules: { "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }] } },
  { ignores: [".next/**", "dist/**", "node_modules/**", "data/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "tests/artifacts/**"] },
];

export default config;
