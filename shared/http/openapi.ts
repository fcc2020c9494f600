import { toJSONSchema } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { ErrorBody } from '../api/common';
import { responseMediaTypes, type RouteDefinition } from './route';

type JsonSchema = Record<string, unknown>;
type SecurityRequirement = Record<string, string[]>;

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

const SECURITY: Record<RouteDefinition['auth'], SecurityRequirement[]> = {
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

/**
 * What zod adds that says nothing to a reader: its date-time regex (the
 * `format` says it) and the safe-integer bounds of every integer.
 */
function tidy({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  if (jsonSchema.type === 'integer') {
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  }
}

/**
 * JSON Schema (2020-12, which OpenAPI 3.1 uses as is) of zod schemas, with
 * every schema named by `id` in its metadata hoisted into
 * `components.schemas` and referenced from where it is used.
 */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};
  /** Each schema converted once: the error body alone is named by every route's every error status. */
  readonly #converted = new Map<z.$ZodType, JsonSchema>();

  /** The schema as clients send it (`io: 'input'`: before transforms, as on the wire). */
  add(schema: z.$ZodType): JsonSchema {
    const known = this.#converted.get(schema);
    if (known) return known;
    const { $schema: _dialect, $defs, ...root } = toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: tidy }) as JsonSchema;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.schemas[id] = this.#refer(definition);
    }
    const converted = this.#refer(root);
    this.#converted.set(schema, converted);
    return converted;
  }

  #refer<T>(value: T): T {
    return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
  }
}

/** A params or query object schema as OpenAPI parameters: one per property. */
function parameters(components: SchemaComponents, schema: z.$ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const object = components.add(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function operation(components: SchemaComponents, route: RouteDefinition) {
  const { schemas } = route;
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(schemas.responses)) {
    if (!schema) {
      responses[status] = { description: 'Success, no content' };
      continue;
    }
    const body = components.add(schema);
    responses[status] = { description: 'Success', content: Object.fromEntries(responseMediaTypes(schemas).map((type) => [type, { schema: body }])) };
  }
  for (const status of errorStatuses(route)) {
    responses[status] = { description: ERROR_RESPONSES[status]!, content: { 'application/json': { schema: components.add(ErrorBody) } } };
  }
  const params = [...parameters(components, schemas.params, 'path'), ...parameters(components, schemas.query, 'query')];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    security: SECURITY[route.auth],
    ...(params.length ? { parameters: params } : {}),
    ...(schemas.body ? { requestBody: { required: true, content: { 'application/json': { schema: components.add(schemas.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the route table, from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(routeList: readonly RouteDefinition[]) {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(components, route);
  }
  const usedSchemes = new Set(routeList.flatMap((r) => SECURITY[r.auth].flatMap((req) => Object.keys(req))));
  const securitySchemes = Object.fromEntries(Object.entries(SECURITY_SCHEMES).filter(([name]) => usedSchemes.has(name)));

  return {
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
    paths,
    components: { schemas: components.schemas, securitySchemes },
  };
}
