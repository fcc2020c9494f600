import { routeList } from '../../functions/routes';
import type { RouteDefinition } from '../../shared/http/route';

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  params: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
}

// Like API Gateway, a literal segment wins over a parameter.
const compiled = routeList.map(compile).sort((a, b) => a.params.length - b.params.length);

/** The route API Gateway would pick for a request, with its path parameters; 'malformed' for bad percent-encoding. */
export function matchRoute(method: string, pathname: string) {
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const m = c.pattern.exec(pathname);
    if (!m) continue;
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(c.params.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
    } catch {
      return 'malformed' as const;
    }
    return { route: c.route, pathParameters: c.params.length ? params : null };
  }
  return null;
}

