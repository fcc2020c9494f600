import type * as z from 'zod/v4/core';
import type { PartitionName } from '../db/keys';
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

/** DynamoDB actions a scoped table grant can name (transactions are authorised per item as these). */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'BatchGetItem' | 'BatchWriteItem';

/**
 * Table access pinned to item types: exactly these actions, on items whose
 * partition key starts with one of these prefixes (IAM `dynamodb:LeadingKeys`).
 * For operations that touch only some item types and query no index.
 */
export interface ScopedTableGrant {
  actions: readonly TableAction[];
  partitions: readonly PartitionName[];
  /**
   * Query on the table's indexes too. An index query is not pinned by
   * LeadingKeys (the index's partition key is not the table's), so only the
   * operations that list through an index get it.
   */
  queriesIndex?: boolean;
}

/** The Cognito admin calls an operation may make on the user pool. */
export type UserPoolAction =
  | 'AdminCreateUser'
  | 'AdminGetUser'
  | 'AdminSetUserPassword'
  | 'AdminEnableUser'
  | 'AdminDisableUser'
  | 'AdminUpdateUserAttributes'
  | 'AdminDeleteUser'
  | 'AdminInitiateAuth'
  | 'AdminUserGlobalSignOut';

/** Secrets Manager actions a grant can name (CreateSecret with Tags is authorised as TagResource too). */
export type SecretsAction =
  | 'GetSecretValue'
  | 'DescribeSecret'
  | 'CreateSecret'
  | 'PutSecretValue'
  | 'UpdateSecret'
  | 'DeleteSecret'
  | 'TagResource';

/** What the function may touch in AWS; the CDK stack grants exactly this. */
export interface RouteGrants {
  /** Item actions pinned to the item types the operation touches (see `items`). */
  table?: ScopedTableGrant;
  /** Cognito admin calls on the user pool, each granted by name. */
  userPool?: readonly UserPoolAction[];
  /** Verifies Cognito tokens: needs the pool and client ids (no IAM; the keys are public). */
  verifiesTokens?: boolean;
  /** SES SendEmail from the configured sender. */
  email?: boolean;
  /**
   * Secrets Manager, under the stage's prefix: `read` (get, describe),
   * `write` (everything), or exactly the actions named.
   */
  secrets?: 'read' | 'write' | readonly SecretsAction[];
  /** Queues the function may send to (names from infra/definitions/queues). */
  sendTo?: readonly QueueName[];
  /**
   * The platform's integration role (the principal customers' storage
   * trusts): `arn` to name it (trust policies, setup text), `assume` to
   * also act as it (sts:AssumeRole on that role only).
   */
  integrationRole?: 'arn' | 'assume';
  /**
   * The queue whose event source invokes the function (its consume rights:
   * the mapping's receive and delete, and the function's own
   * ChangeMessageVisibility); the function gets the queue's URL.
   */
  receivesFrom?: QueueName;
  /**
   * Granted actions the test suite never sees this operation use (a rare
   * path: a retry, an undo), each with the reason it is still needed. The
   * grant-parity test requires a reason for every such action, and refuses
   * one for an action that is exercised or not granted.
   */
  rarelyUsed?: Readonly<Record<string, string>>;
}

export type QueueName = 'callbacks' | 'test-tasks';

export interface RouteSchemas {
  body?: z.$ZodType;
  query?: z.$ZodType;
  params?: z.$ZodType;
  /** The success response (status code → schema); `null` for 204. */
  responses: Partial<Record<200 | 201 | 202 | 204, z.$ZodType | null>>;
  /**
   * The success response's media type, when it is not JSON (a printable
   * document). A list offers each, chosen by the request's Accept header,
   * the first when the caller has no preference.
   */
  responseMediaType?: DocumentMediaType | readonly DocumentMediaType[];
}

/** Media types a document route can answer in; `application/pdf` is binary (base64 through API Gateway). */
export type DocumentMediaType = 'text/html' | 'application/pdf';

/** The media types a route's success response is offered in, preferred first. */
export function responseMediaTypes(schemas: RouteSchemas): readonly string[] {
  const declared = schemas.responseMediaType ?? 'application/json';
  return typeof declared === 'string' ? [declared] : declared;
}

/**
 * Response media types API Gateway must pass through as bytes (its REST
 * API's `binaryMediaTypes`): anything a route offers that is not text.
 */
export function binaryResponseMediaTypes(routes: readonly RouteDefinition[]): string[] {
  const all = routes.flatMap((r) => responseMediaTypes(r.schemas));
  return [...new Set(all)].filter((t) => !t.startsWith('text/') && t !== 'application/json').sort();
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
  /**
   * Refuse (400 `raw_card_number_refused`) a body holding a full card
   * number, judged on the raw text before it is parsed, validated or
   * logged, so the number reaches no log, error detail or item.
   */
  refusesCardNumbers?: boolean;
  summary: string;
  tags: readonly string[];
  /**
   * Error statuses this operation answers beyond those every route of its
   * kind can (400, 429; 401/403 when authenticated; 404 with path
   * parameters; 413/415 with a body), for the OpenAPI document.
   */
  errors?: readonly (401 | 403 | 404 | 406 | 409 | 410)[];
  schemas: RouteSchemas;
  /** The function's timeout, when 10 s is not enough (an operation that waits on a customer's cloud). */
  timeoutSeconds?: number;
  /**
   * The handler imports some modules on first use (`import()`): bundle them
   * as chunks beside it, so a cold start neither reads nor runs them. Only
   * where a large dependency serves some requests (a storage provider's SDK).
   */
  codeSplitting?: true;
}

/** Helper that keeps each entry's literal types while checking its shape. */
export function route<const R extends RouteDefinition>(definition: R): R {
  return definition;
}

const READ_ACTIONS: ReadonlySet<TableAction> = new Set(['GetItem', 'Query']);

/**
 * An operation whose grants let it write nothing (the rate counter aside):
 * table reads only, no email, no secret written, no message sent. Judged
 * from the grants, not the HTTP method — a GET that audits (a key reveal)
 * writes.
 */
export function writesNothing(route: RouteDefinition): boolean {
  const { table, email, secrets, sendTo, userPool } = route.grants;
  return (
    (table?.actions ?? []).every((action) => READ_ACTIONS.has(action)) &&
    !email &&
    secrets !== 'write' &&
    !sendTo?.length &&
    !userPool?.length
  );
}

/** A table grant pinned to item types (see RouteGrants.table): what the operation touches, and no more. */
export function items(
  actions: readonly TableAction[],
  partitions: readonly PartitionName[],
  options: { queriesIndex?: boolean } = {},
): ScopedTableGrant {
  return { actions, partitions, ...options };
}
