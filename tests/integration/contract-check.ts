import { assertMatchesContract } from "@/tests/support/openapi";

/**
 * Every answer the integration tests get from the app's /api routes is checked against the
 * OpenAPI document (tests/support/openapi.ts) as it arrives, so the document cannot drift from
 * what the routes do. Not the contract's: Next's own 405 for a method a route does not export, and
 * next-auth's endpoints under /api/auth/ (the web app's sign-in, which API clients never call).
 */
const appFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await appFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  if (url.origin === new URL(process.env.BASE_URL!).origin && url.pathname.startsWith("/api/") && !url.pathname.startsWith("/api/auth/") && response.status !== 405) {
    await assertMatchesContract(method, url, response);
  }
  return response;
};
