import { routeList } from '../../functions/routes';
import type { RouteDefinition, RouteGrants } from '../../shared/http/route';

/**
 * Every Lambda function the app deploys, as data: the CDK makes one
 * `OperationFunction` per entry, and the local dev server runs each entry
 * with the environment computed from the same entry
 * (`functionEnvironment`), so neither can give a function more than the
 * other does.
 */
export interface FunctionDefinition {
  /** Stable id: the route's operationId, or the name of a non-route function. */
  readonly id: string;
  /** Module under `functions/`, without extension, exporting `handler`. */
  readonly handler: string;
  readonly grants: RouteGrants;
  /** Requests acting for a team count against its rate limit (a counter item in the table). */
  readonly countsTeamRequests: boolean;
  readonly description: string;
}

/**
 * The REQUEST authorizer: verifies Cognito tokens (public keys, no IAM) and
 * looks API keys up by hash — one GetItem on lookup items, nothing else.
 */
export const AUTHORIZER: FunctionDefinition = {
  id: 'authorizer',
  handler: 'authorizer',
  grants: { table: { actions: ['GetItem'], partitions: ['apiKeyLookup'] }, verifiesTokens: true },
  countsTeamRequests: false,
  description: 'REST API authorizer: Cognito tokens and API keys',
};

export function routeFunction(route: RouteDefinition): FunctionDefinition {
  return {
    id: route.operationId,
    handler: route.handler,
    grants: route.grants,
    countsTeamRequests: route.auth === 'user' || route.auth === 'user_or_key',
    description: `${route.method} ${route.path} (${route.operationId})`,
  };
}

/** The authorizer and one function per route. */
export function allFunctions(routes: readonly RouteDefinition[] = routeList): FunctionDefinition[] {
  return [AUTHORIZER, ...routes.map(routeFunction)];
}
