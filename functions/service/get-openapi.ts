import { brotliDecompressSync } from 'node:zlib';
import { openapiRoute } from './get-openapi.route';
import { definePublicOperation } from '../../shared/http/public-operation';

/** Baked into the bundle (infra/bundling/baked-constants.ts): the document, built from the route table when the function was bundled. */
declare const OPENAPI_DOCUMENT_BROTLI: string | undefined;

// The document only changes with a deploy. Bundled, it arrives compressed
// and built; run from source (the dev server) it is built here, once, from
// the same route table — the branch the bundle drops, with its imports.
const document: Record<string, unknown> =
  typeof OPENAPI_DOCUMENT_BROTLI === 'string'
    ? JSON.parse(brotliDecompressSync(Buffer.from(OPENAPI_DOCUMENT_BROTLI, 'base64')).toString('utf8'))
    : await import('./openapi-from-routes').then((m) => m.openApiFromRoutes());

export const handler = definePublicOperation(openapiRoute, async () => ({ status: 200, body: document }));
