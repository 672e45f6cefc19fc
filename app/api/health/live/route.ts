// GET /api/health/live – liveness: the process serves, whatever its dependencies
import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/**
 * Liveness: the process serves requests. Unlike /api/health (readiness: every dependency
 * answers), it stays 200 while Redis or the store is down, so an orchestrator does not restart
 * web processes that are still serving the grid from Postgres.
 */
export function GET() {
  return NextResponse.json({ status: "alive" }, { headers: { "cache-control": "no-store" } });
}
