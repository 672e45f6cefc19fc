import { withErrors } from "@/lib/api/route";
import { authorizeMetrics, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/** Prometheus metrics, cluster-wide (see lib/metrics.ts); bearer METRICS_TOKEN. */
export const GET = withErrors(async (request) => {
  authorizeMetrics(request.headers.get("authorization"));
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
