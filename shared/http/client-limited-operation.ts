import { countClientRequest } from '../db/client-counters';
import { clientRateLimitFrom } from '../domain/client-rate-limit';
import { isEdgeSecret } from '../secrets/edge-secret';
import { clientAddress } from './client-address';
import { operationHandler, type Run } from './operation-core';
import type { RouteDefinition } from './route';

export { MAX_BODY_BYTES, type OperationInput, type OperationResult } from './operation-core';

const CLIENT_RATE_LIMIT = clientRateLimitFrom(process.env);

/**
 * The handler of a public route the contract limits per client IP address:
 * one counter per address, route and minute, checked before anything else
 * (429 with Retry-After). The address is the connection's, or the viewer's
 * that the dashboard's CloudFront vouches for (client-address.ts).
 */
export function defineClientLimitedOperation<R extends RouteDefinition & { auth: 'public'; limitPerClient: true }>(
  route: R,
  run: Run<R>,
) {
  return operationHandler(
    route,
    async (_, event) => {
      await countClientRequest(route.operationId, await clientAddress(event, isEdgeSecret), CLIENT_RATE_LIMIT);
      return { caller: null };
    },
    run,
  );
}
