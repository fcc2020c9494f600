import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { buildOpenApiDocument } from '../../shared/http/openapi';

const document = buildOpenApiDocument(routeList);

describe('the OpenAPI document', () => {
  it('lists exactly the route table, method for method', () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routed = routeList.map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(routed.sort());
  });

  it('documents each success in the media types the operation answers (HTML or PDF for the invoice document, JSON otherwise)', () => {
    for (const route of routeList) {
      const op = (document.paths as Record<string, Record<string, any>>)[route.path]![route.method.toLowerCase()];
      for (const [status, response] of Object.entries(op.responses as Record<string, { content?: object }>)) {
        if (Number(status) >= 300 || !response.content) continue;
        const expected = route.operationId === 'getInvoiceDocument' ? ['text/html', 'application/pdf'] : ['application/json'];
        expect(Object.keys(response.content), route.operationId).toEqual(expected);
      }
    }
  });

  it('documents 406 not_acceptable where the Accept header chooses the media type', () => {
    const op = (document.paths as Record<string, Record<string, any>>)['/v1/billing/invoices/{id}/document']!.get;
    expect(Object.keys(op.responses['406'].content)).toEqual(['application/json']);
  });

  it('names each operation after its route and documents the contract error body', () => {
    for (const route of routeList) {
      const op = (document.paths as Record<string, Record<string, any>>)[route.path]![route.method.toLowerCase()];
      expect(op.operationId).toBe(route.operationId);
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      expect(errors.length, route.operationId).toBeGreaterThan(0);
      for (const status of errors) {
        expect(op.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
      }
    }
  });

  it('passes the redocly recommended lint with no errors', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        // Local dev and every stage serve the API at their own origin.
        'no-server-example.com': 'off',
        // Public routes (health, signup, token) deliberately have no security.
        'security-defined': 'off',
      },
    });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`)).toEqual([]);
    const warnings = problems.filter((p) => p.severity === 'warn');
    expect(warnings.map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`)).toEqual([]);
  });
});
