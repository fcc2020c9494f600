import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { ErrorBody } from '../api/common';
import { responseMediaTypes, type RouteDefinition } from './route';

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input (`validation_failed` or a specific code)',
  401: 'Missing or invalid credentials (`unauthenticated`)',
  403: 'Not allowed (`forbidden`, `no_team`, …)',
  404: 'Not found (`not_found`)',
  409: 'Conflict (a specific code)',
  410: 'Gone (`gone`)',
  413: 'Body over 1 MiB (`payload_too_large`)',
  406: 'None of the offered media types is acceptable (`not_acceptable`)',
  415: 'Body is not application/json (`unsupported_media_type`)',
  429: 'Rate limited (`rate_limited`, with Retry-After)',
};

const SECURITY: Record<RouteDefinition['auth'], RouteConfig['security']> = {
  public: [],
  user: [{ userToken: [] }],
  user_or_key: [{ userToken: [] }, { apiKeyBasic: [] }, { apiKeyBearer: [] }],
  support: [{ sigv4: [] }],
};

const SECURITY_SCHEMES = {
  userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID or access token, from POST /v1/auth/token' },
  apiKeyBasic: { type: 'http', scheme: 'basic', description: 'API key as the username, empty password (Scale-compatible)' },
  apiKeyBearer: { type: 'http', scheme: 'bearer', description: 'API key (live_… or test_…)' },
  sigv4: {
    type: 'apiKey',
    name: 'Authorization',
    in: 'header',
    description: 'AWS SigV4 (IAM) in AWS; the support token as a Bearer token on the local stack',
  },
} as const;

const TAG_DESCRIPTIONS: Record<string, string> = {
  service: 'Health and this document',
  accounts: 'Sign-up, email verification, sign-in and the signed-in user',
  team: "The caller's team, its members and audit log",
  invitations: 'Inviting colleagues and accepting invitations',
  keys: "The team's API keys and callback auth keys (values in Secrets Manager; reveals and rotations are audited)",
  support: 'Support staff actions (IAM-authorised)',
  projects: "The team's projects (tasks name them)",
  tasks: 'Tasks for the labeling team, their callbacks and callback attempts (members or API keys)',
  integrations: "The team's cloud storage (AWS S3, Azure Blob, Google Cloud Storage): connect, verify access, disconnect (credentials in Secrets Manager)",
};

/** Which error statuses a route can answer, from what the route does. */
function errorStatuses(route: RouteDefinition): number[] {
  const statuses = new Set<number>([400, 429, ...(route.errors ?? [])]);
  if (route.auth !== 'public') [401, 403].forEach((s) => statuses.add(s));
  if (route.schemas.params) statuses.add(404);
  if (route.schemas.body) [413, 415].forEach((s) => statuses.add(s));
  return [...statuses].sort();
}

/** The OpenAPI 3.1 document of the route table, from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(routeList: readonly RouteDefinition[]) {
  const registry = new OpenAPIRegistry();
  const usedSchemes = new Set(routeList.flatMap((r) => (SECURITY[r.auth] ?? []).flatMap((req) => Object.keys(req))));
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    if (usedSchemes.has(name)) registry.registerComponent('securitySchemes', name, scheme);
  }

  for (const route of routeList) {
    const { schemas } = route;
    const responses: RouteConfig['responses'] = {};
    for (const [status, schema] of Object.entries(schemas.responses)) {
      responses[status] = schema
        ? { description: 'Success', content: Object.fromEntries(responseMediaTypes(schemas).map((type) => [type, { schema }])) }
        : { description: 'Success, no content' };
    }
    for (const status of errorStatuses(route)) {
      responses[status] = { description: ERROR_RESPONSES[status]!, content: { 'application/json': { schema: ErrorBody } } };
    }
    registry.registerPath({
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      tags: [...route.tags],
      security: SECURITY[route.auth],
      request: {
        ...(schemas.params ? { params: schemas.params as never } : {}),
        ...(schemas.query ? { query: schemas.query as never } : {}),
        ...(schemas.body ? { body: { required: true, content: { 'application/json': { schema: schemas.body } } } } : {}),
      },
      responses,
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Refonte Accounts API',
      version: '1.0.0',
      // Only what this document's routes serve: extend it with the routes, never ahead of them.
      description:
        "Refonte AI's accounts: sign-up, email verification and sign-in; teams, members and their roles; invitations; the team's audit log; and support staff actions.",
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: [...new Set(routeList.flatMap((r) => r.tags))].map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name })),
  });
}
