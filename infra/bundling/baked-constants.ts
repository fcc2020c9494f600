import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { openapiRoute } from '../../functions/service/get-openapi.route';
import { openApiFromRoutes } from '../../functions/service/openapi-from-routes';
import { FUNCTIONS_DIR } from './functions-dir';

/**
 * Values a function's module would otherwise compute at every cold start,
 * computed once when it is bundled and baked in as constants (esbuild
 * `define`). The OpenAPI document is built from every route's schemas: baked,
 * its function carries ~11 KB of compressed JSON instead of the route table,
 * every schema and zod's JSON Schema converter (~105 KB of JSON, ~75 KB of
 * code). Run from source (the local dev server, tests) the module builds the
 * same document from the same route table; a test checks the two agree.
 */
const BAKED: Record<string, () => Record<string, string>> = {
  [openapiRoute.handler]: () => ({ OPENAPI_DOCUMENT_BROTLI: JSON.stringify(compressedOpenApiDocument()) }),
};

let openApi: string | undefined;

/** The document as the bundle carries it: brotli-compressed JSON, base64. */
export function compressedOpenApiDocument(): string {
  openApi ??= brotliCompressSync(JSON.stringify(openApiFromRoutes())).toString('base64');
  return openApi;
}

/** The constants to bake into the bundle of this handler module (`functions/<area>/<name>.ts`), if any. */
export function bakedConstants(entry: string): Record<string, string> | undefined {
  const handler = path.relative(FUNCTIONS_DIR, path.resolve(entry)).replace(/\.ts$/, '').split(path.sep).join('/');
  return Object.hasOwn(BAKED, handler) ? BAKED[handler]!() : undefined;
}
