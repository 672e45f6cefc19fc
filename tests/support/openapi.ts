import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/contract/openapi";

/*
 * Checks answers of the app against its OpenAPI document: the route and method must be in it, the
 * status must be one it lists, and a JSON body must match the schema it gives for that status.
 */

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type PathItem = Record<string, Operation>;

export const document = openApiDocument() as unknown as { paths: Record<string, PathItem> };

const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { binary: true } });
addFormats(ajv);
ajv.addSchema(document, "openapi");

/** Paths with {params} as regular expressions; literal paths are tried first (`/photos/buckets` before `/photos/{id}`). */
const templates = Object.keys(document.paths)
  .sort((a, b) => Number(a.includes("{")) - Number(b.includes("{")))
  .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));

export const documentedPathOf = (pathname: string) => templates.find(({ pattern }) => pattern.test(pathname))?.template;

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const validators = new Map<string, ValidateFunction>();
function validatorFor(template: string, method: string, status: string): ValidateFunction {
  const ref = `openapi#/${pointer("paths", template, method, "responses", status, "content", "application/json", "schema")}`;
  let validate = validators.get(ref);
  if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
  return validate;
}

/** Throws, naming what differs, when an answer is not what the contract says. */
export async function assertMatchesContract(method: string, url: URL, response: Response): Promise<void> {
  const template = documentedPathOf(url.pathname);
  const where = `${method} ${url.pathname}`;
  if (!template) throw new Error(`Contract: ${where} is not in the OpenAPI document`);
  const operation = document.paths[template]![method.toLowerCase()];
  if (!operation) throw new Error(`Contract: ${method} ${template} is not in the OpenAPI document`);
  const status = String(response.status);
  const documented = operation.responses[status];
  if (!documented) throw new Error(`Contract: ${where} answered ${status}, which the document does not list (${Object.keys(operation.responses).join(", ")})`);
  if (!documented.content?.["application/json"]?.schema || method === "HEAD") return;
  if (!response.headers.get("content-type")?.includes("application/json")) {
    throw new Error(`Contract: ${where} answered ${status} with ${response.headers.get("content-type")}, not JSON`);
  }
  const body: unknown = await response.clone().json();
  const validate = validatorFor(template, method.toLowerCase(), status);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath || "(body)"} ${error.message}`).join("; ");
    throw new Error(`Contract: ${where} answered ${status} with a body the document does not allow: ${problems}`);
  }
}
