import type { APIGatewayProxyEvent } from 'aws-lambda';
import { countedAddress } from '../domain/counted-address';
import { EDGE_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from './edge';

/**
 * The address a per-client limit counts (countedAddress): the connection's
 * (API Gateway's `sourceIp`, which a client cannot choose) — or, for a
 * request that came through the dashboard's CloudFront, the viewer's address
 * it forwarded, believed only when the edge secret comes with it (see
 * edge.ts). Headers are lower-cased by then (http-header-normalizer).
 */
export async function clientAddress(
  event: Pick<APIGatewayProxyEvent, 'headers' | 'requestContext'>,
  isEdgeSecret: (presented: string) => Promise<boolean>,
): Promise<string> {
  const sourceIp = event.requestContext?.identity?.sourceIp;
  const source = (sourceIp ? countedAddress(sourceIp) : null) ?? 'unknown';
  const presented = event.headers?.[EDGE_SECRET_HEADER];
  const viewer = countedAddress(event.headers?.[VIEWER_ADDRESS_HEADER]?.trim() ?? '');
  if (!presented || !viewer) return source;
  return (await isEdgeSecret(presented)) ? viewer : source;
}
