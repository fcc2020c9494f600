import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { openApiFromRoutes } from '../../functions/service/openapi-from-routes';
import { bundleOptions } from '../../infra/bundling/bundle-function';

/**
 * The OpenAPI function's bundle carries its document built at bundling time
 * (baked-constants.ts), while the dev server runs the source, which builds it
 * at load. Both must serve the same document, and the bundle must not carry
 * the route table it was built from.
 */
describe('the OpenAPI function as bundled', () => {
  it('serves exactly the document built from the route table, without bundling the route table', async () => {
    const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'refonte-openapi-')), 'index.mjs');
    const { metafile } = await build({ ...bundleOptions(path.resolve('functions/service/get-openapi.ts'), outfile), metafile: true });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((file) => file.endsWith('.route.ts'))).toEqual(['functions/service/get-openapi.route.ts']);
    expect(inputs).not.toContain('shared/http/openapi.ts');

    const { handler } = (await import(pathToFileURL(outfile).href)) as { handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }> };
    const event = { httpMethod: 'GET', path: '/v1/openapi.json', headers: {}, requestContext: { requestId: 'baked' }, body: null };
    const response = await handler(event, { functionName: 'getOpenApi', awsRequestId: 'baked', getRemainingTimeInMillis: () => 10_000 });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(JSON.parse(JSON.stringify(openApiFromRoutes())));
  });
});
