import { countClientRequest } from '../db/client-counters';
import { clientRateLimitFrom } from '../domain/client-rate-limit';
import { operationHandler, type Run } from './operation-core';
import type { RouteDefinition } from './route';

export { MAX_BODY_BYTES, type OperationInput, type OperationResult } from './operation-core';

const CLIENT_RATE_LIMIT = clientRateLimitFrom(process.env);

/**
 * The handler of a public route the contract limits per client IP address:
 * one counter per address, route and minute, checked before anything else
 * (429 with Retry-After). API Gateway sets `sourceIp` from the connection;
 * a client cannot choose it.
 */
export function defineClientLimitedOperation<R extends RouteDefinition & { auth: 'public'; limitPerClient: true }>(
  route: R,
  run: Run<R>,
) {
  return operationHandler(
    route,
    async (_, event) => {
      await countClientRequest(route.operationId, event.requestContext?.identity?.sourceIp ?? 'unknown', CLIENT_RATE_LIMIT);
      return { caller: null };
    },
    run,
  );
}
