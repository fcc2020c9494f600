import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Pages only the local stack serves, beside the API (never Lambda routes):
 *
 *  - `/docs`: the API reference, rendered in the browser by Swagger UI
 *    (`swagger-ui-dist`, served from node_modules, nothing from the network)
 *    from the same `GET /v1/openapi.json` the API serves.
 *
 * The emails' links (`/verify-email`, `/accept-invitation`,
 * `/reset-password`; APP_BASE_URL is the local API URL) are the dashboard's
 * own pages: see dashboard.ts.
 *
 * `handleLocalPage` answers and returns true, or returns false for the API.
 */
const require = createRequire(import.meta.url);
const swaggerUiDir = () => path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The Swagger UI files the page needs, by the name the page asks for. */
const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function docsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Refonte Accounts API — reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
}

// validatorUrl: null — Swagger UI would otherwise send the document to an online validator.
const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});`;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, requestId: string) {
  res.writeHead(status, { 'content-type': type, 'x-request-id': requestId, 'cache-control': 'no-store' });
  res.end(body);
}

export async function handleLocalPage(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { url: URL; requestId: string },
): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const { url, requestId } = ctx;
  const html = 'text/html; charset=utf-8';
  switch (url.pathname) {
    case '/docs':
    case '/docs/':
      send(res, 200, html, docsPage(), requestId);
      return true;
    case '/docs/init.js':
      send(res, 200, 'text/javascript; charset=utf-8', DOCS_INIT, requestId);
      return true;
  }
  const asset = /^\/docs\/assets\/([\w.-]+)$/.exec(url.pathname)?.[1];
  if (asset && DOCS_ASSETS[asset]) {
    send(res, 200, DOCS_ASSETS[asset], await readFile(path.join(swaggerUiDir(), asset)), requestId);
    return true;
  }
  return false;
}
