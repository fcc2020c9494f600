/**
 * The dashboard's CloudFront distribution forwards `/v1/*` to the API, so
 * API Gateway sees a CloudFront edge as the client. To count the customer
 * instead (per-IP limits, the WAF rule), CloudFront adds two headers to each
 * origin request: the viewer's address (set by a viewer-request function,
 * overwriting anything a client sent) and a secret only it and the API know
 * (a custom origin header, which replaces any same-named header a client
 * sent). The API believes the address only next to the secret; a client
 * calling the API directly can send both names, but not the secret.
 */
export const EDGE_SECRET_HEADER = 'x-refonte-edge-secret';
export const VIEWER_ADDRESS_HEADER = 'x-refonte-viewer-address';

/**
 * The secret's name in Secrets Manager: outside the stage's `refonte/<stage>/`
 * prefix, which other functions' grants cover; only the per-client limited
 * functions may read it.
 */
export const edgeSecretName = (stage: string) => `refonte-edge-origin/${stage}`;
