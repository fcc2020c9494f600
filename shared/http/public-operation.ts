import { operationHandler, type Run } from './operation-core';
import type { RouteDefinition } from './route';

export { MAX_BODY_BYTES, type OperationInput, type OperationResult } from './operation-core';

/**
 * The handler of a public operation with no per-client limit (health, the
 * OpenAPI document): no caller, no counter — and so no table to configure.
 * Limited public routes use `defineClientLimitedOperation`.
 */
export function definePublicOperation<R extends RouteDefinition & { auth: 'public'; limitPerClient?: false }>(route: R, run: Run<R>) {
  return operationHandler(route, null, run);
}
