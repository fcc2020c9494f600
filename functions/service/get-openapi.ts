import { routeList, routes } from '../routes';
import { definePublicOperation } from '../../shared/http/public-operation';
import { buildOpenApiDocument } from '../../shared/http/openapi';

// Built once per cold start: the document only changes with a deploy.
const document = buildOpenApiDocument(routeList);

export const handler = definePublicOperation(routes.openapi, async () => ({ status: 200, body: document }));
