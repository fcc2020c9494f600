import { routeList } from '../routes';
import { buildOpenApiDocument } from '../../shared/http/openapi';

/** The OpenAPI document of every route, as the served one is built (see get-openapi.ts). */
export function openApiFromRoutes(): Record<string, unknown> {
  return buildOpenApiDocument(routeList) as unknown as Record<string, unknown>;
}
