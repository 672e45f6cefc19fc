// GET /api/v1/openapi.json – the API contract (OpenAPI 3.1), generated from the schemas the routes parse with
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/contract/openapi";

// Rendered once, at build time: the document changes only with the code.
export const dynamic = "force-static";

export const GET = () => NextResponse.json(openApiDocument());
