import { operationHandler, type Run } from './operation-core';
import type { RouteDefinition } from './route';

export { MAX_BODY_BYTES, type OperationInput, type OperationResult } from './operation-core';

/** The handler of a public operation: no caller, no team to count against. */
export function definePublicOperation<R extends RouteDefinition & { auth: 'public' }>(route: R, run: Run<R>) {
  return operationHandler(route, null, run);
}
