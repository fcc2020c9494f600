import { isIP } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { EDGE_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from './edge';

/**
 * The address a per-client limit counts: the connection's (API Gateway's
 * `sourceIp`, which a client cannot choose) — or, for a request that came
 * through the dashboard's CloudFront, the viewer's address it forwarded,
 * believed only when the edge secret comes with it (see edge.ts). Headers
 * are lower-cased by then (http-header-normalizer).
 */
export async function clientAddress(
  event: Pick<APIGatewayProxyEvent, 'headers' | 'requestContext'>,
  isEdgeSecret: (presented: string) => Promise<boolean>,
): Promise<string> {
  const source = event.requestContext?.identity?.sourceIp ?? 'unknown';
  const presented = event.headers?.[EDGE_SECRET_HEADER];
  const viewer = event.headers?.[VIEWER_ADDRESS_HEADER]?.trim();
  if (!presented || !viewer || isIP(viewer) === 0) return source;
  return (await isEdgeSecret(presented)) ? viewer : source;
}
