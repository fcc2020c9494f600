import type { z } from 'zod';
import type { Permission } from '../domain/permissions';

/**
 * One entry of the route table (`functions/routes.ts`). The same entry drives
 * the CDK API (function, method, authorizer, grants), the local dev server
 * (dispatch) and the OpenAPI document (schemas), so a route exists in all
 * three or in none.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * - `public`: no credentials.
 * - `user`: a Cognito user token.
 * - `user_or_key`: a user token or a team API key.
 * - `support`: the support surface (IAM in AWS, the support token locally).
 */
export type RouteAuth = 'public' | 'user' | 'user_or_key' | 'support';

/** What the function may touch in AWS; the CDK stack grants exactly this. */
export interface RouteGrants {
  table?: 'read' | 'write';
  /** Cognito admin calls on the user pool. */
  userPool?: boolean;
  /** SES SendEmail from the configured sender. */
  email?: boolean;
  /** Secrets Manager, under the stage's prefix. */
  secrets?: 'read' | 'write';
  /** Queues the function may send to (names from infra/definitions/queues). */
  sendTo?: readonly QueueName[];
}

export type QueueName = 'callbacks' | 'test-tasks';

export interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The success response (status code → schema); `null` for 204. */
  responses: Partial<Record<200 | 201 | 202 | 204, z.ZodType | null>>;
}

export interface RouteDefinition {
  /** Stable camelCase id: the OpenAPI operationId and the CDK construct id. */
  operationId: string;
  method: HttpMethod;
  /** API Gateway path template, `{param}` style. */
  path: string;
  /** Module under `functions/`, without extension, exporting `handler`. */
  handler: string;
  auth: RouteAuth;
  /** Permission from the role matrix; absent for routes every signed-in user may call. */
  permission?: Permission;
  grants: RouteGrants;
  /**
   * A public route the contract limits per client IP address: one counter
   * per address, route and minute (CLIENT_RATE_LIMIT_PER_MINUTE, per stage).
   */
  limitPerClient?: boolean;
  summary: string;
  tags: readonly string[];
  /**
   * Error statuses this operation answers beyond those every route of its
   * kind can (400, 429; 401/403 when authenticated; 404 with path
   * parameters; 413/415 with a body), for the OpenAPI document.
   */
  errors?: readonly (401 | 403 | 404 | 409 | 410)[];
  schemas: RouteSchemas;
}

/** Helper that keeps each entry's literal types while checking its shape. */
export function route<const R extends RouteDefinition>(definition: R): R {
  return definition;
}
