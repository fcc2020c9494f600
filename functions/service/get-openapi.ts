import { routeList, routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { buildOpenApiDocument } from '../../shared/http/openapi';

// Built once per cold start: the document only changes with a deploy.
const document = buildOpenApiDocument(routeList);

export const handler = defineOperation(routes.openapi, async () => ({ status: 200, body: document }));
