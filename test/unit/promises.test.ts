import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { repoRoot } from '../../scripts/local/emulators';
import { buildOpenApiDocument } from '../../shared/http/openapi';

/**
 * The README's opening paragraph and the OpenAPI description promise only
 * what the route table serves. Areas the product plans, each with how its
 * routes will be recognised: mentioning one is allowed once such a route
 * exists (or, in the README, when the sentence says it is planned).
 */
const PLANNED: Array<{ area: RegExp; served: (path: string) => boolean }> = [
  { area: /api keys?/i, served: (p) => p.includes('/api-keys') },
  { area: /\btasks?\b/i, served: (p) => p.includes('/tasks') },
  { area: /\bbilling\b/i, served: (p) => p.includes('/billing') },
  { area: /\bintegrations?\b/i, served: (p) => p.includes('/integrations') },
];
const paths = routeList.map((r) => r.path);
const isServed = (area: (typeof PLANNED)[number]) => paths.some(area.served);

describe('what the product says it does', () => {
  it('the OpenAPI description names no area without routes', () => {
    const description = String(buildOpenApiDocument(routeList).info.description);
    for (const area of PLANNED) if (!isServed(area)) expect(description).not.toMatch(area.area);
  });

  it("the README's first paragraph calls unbuilt areas planned", () => {
    const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
    const first = readme.split(/\n\n/)[1]!;
    for (const sentence of first.replace(/\n/g, ' ').split(/(?<=\.)\s/)) {
      for (const area of PLANNED) {
        if (!isServed(area) && area.area.test(sentence)) expect(sentence, sentence).toMatch(/planned|not built/i);
      }
    }
  });
});
