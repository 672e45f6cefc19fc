// GET /api/metrics – Prometheus metrics, cluster-wide (bearer METRICS_TOKEN)
import { withErrors } from "@/lib/api/route";
import { authorizeMetrics, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (request) => {
  authorizeMetrics(request.headers.get("authorization"));
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
