import { routeList } from '../routes';
import { openapiRoute } from './get-openapi.route';
import { definePublicOperation } from '../../shared/http/public-operation';
import { buildOpenApiDocument } from '../../shared/http/openapi';

// Built once per cold start: the document only changes with a deploy.
const document = buildOpenApiDocument(routeList) as unknown as Record<string, unknown>;

export const handler = definePublicOperation(openapiRoute, async () => ({ status: 200, body: document }));
