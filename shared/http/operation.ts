import type { APIGatewayProxyEvent } from 'aws-lambda';
import { countTeamRequest } from '../db/rate-counters';
import { rateLimitFrom } from '../domain/rate-limit';
import { authorizeCaller, countedTeam, type Caller } from './caller';
import { operationHandler, type Run } from './operation-core';
import type { RouteDefinition } from './route';

export { MAX_BODY_BYTES, type OperationInput, type OperationResult } from './operation-core';

const RATE_LIMIT = rateLimitFrom(process.env);

/** Authorizes against the current membership; every request acting for a team counts against its limit. */
async function authorizeAndCount(route: RouteDefinition, event: APIGatewayProxyEvent): Promise<{ caller: Caller | null; admission?: Promise<void> }> {
  const caller = await authorizeCaller(route, event);
  const team = countedTeam(caller);
  return { caller, admission: team ? countTeamRequest(team, RATE_LIMIT) : undefined };
}

/** The handler of an authenticated operation (user, API key or support). */
export function defineOperation<R extends RouteDefinition & { auth: Exclude<RouteDefinition['auth'], 'public'> }>(
  route: R,
  run: Run<R>,
) {
  return operationHandler(route, authorizeAndCount, run);
}
