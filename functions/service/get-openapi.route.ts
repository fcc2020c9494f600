import * as z from 'zod/mini';
import { route } from '../../shared/http/route';

export const openapiRoute = route({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/v1/openapi.json',
  handler: 'service/get-openapi',
  auth: 'public',
  grants: {},
  summary: 'This API as an OpenAPI 3.1 document',
  tags: ['service'],
  schemas: { responses: { 200: z.record(z.string(), z.unknown()) } },
});
