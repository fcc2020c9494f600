import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per process, configured from the standard
 * POWERTOOLS_* variables the OperationFunction construct sets. The logger
 * never receives request bodies or headers: secrets cannot leak through it.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'refonte-accounts' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'RefonteAccounts',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'refonte-accounts',
  // Its own warnings as structured logs at the configured level, not bare lines on stdout.
  logger,
});
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'refonte-accounts' });
