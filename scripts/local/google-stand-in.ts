import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the three Google endpoints an integration touches —
 * STS (token exchange), IAM Credentials (impersonation) and the Cloud
 * Storage JSON API — since no emulator of them exists on npm. It is strict
 * where the platform could be wrong:
 *
 * - the token exchange must carry an AWS-signed GetCallerIdentity request
 *   for the provider's audience; the stand-in replays it against the AWS
 *   emulator (as Google replays it against AWS) and accepts only the role
 *   the provider trusts;
 * - impersonation needs a federated token from a provider the service
 *   account allows;
 * - storage calls need a token from that impersonation, or a self-signed
 *   JWT whose signature checks out against the service account's public key;
 *   each object operation needs its permission on the bucket.
 *
 * Tests arrange trust and grants with `POST /_local/google/config`.
 */
export type StoragePermission = 'list' | 'get' | 'create' | 'delete';

export interface GoogleConfig {
  /** Workload identity provider name → the AWS account and role it trusts. */
  providers?: Record<string, { aws_account_id: string; aws_role_name: string }>;
  /** Service account → providers whose principals may impersonate it. */
  impersonation?: Record<string, string[]>;
  /** Service account → public key (PEM) of its key, for self-signed JWTs. */
  keys?: Record<string, string>;
  /** Bucket → service account → permissions. */
  buckets?: Record<string, Record<string, StoragePermission[]>>;
}

export interface GoogleStandIn {
  endpoint: string;
  /** Each token exchange's subject token as received (tests inspect its shape). */
  exchanges: Array<{ audience: string; subjectToken: Record<string, unknown> }>;
  configure(config: GoogleConfig): void;
  stop(): Promise<void>;
}

const AWS_TOKEN_TYPE = 'urn:ietf:params:aws:token-type:aws4_request';
const GET_CALLER_IDENTITY = /^https:\/\/sts(\.[a-z0-9-]+)?\.amazonaws\.com\?Action=GetCallerIdentity&Version=2011-06-15$/;

export async function startGoogleStandIn(opts: { awsEndpoint: string; port?: number }): Promise<GoogleStandIn> {
  const state: Required<GoogleConfig> = { providers: {}, impersonation: {}, keys: {}, buckets: {} };
  const federated = new Map<string, string>(); // federated token → provider
  const accessTokens = new Map<string, string>(); // access token → service account
  const objects = new Map<string, string>(); // `${bucket}/${name}` → content
  const exchanges: GoogleStandIn['exchanges'] = [];
  const configure = (config: GoogleConfig) => {
    for (const key of ['providers', 'impersonation', 'keys', 'buckets'] as const) Object.assign(state[key], config[key] ?? {});
  };

  async function exchange(body: URLSearchParams): Promise<[number, unknown]> {
    const audience = body.get('audience') ?? '';
    const provider = state.providers[audience.replace(/^\/\/iam\.googleapis\.com\//, '')];
    if (body.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' || body.get('subject_token_type') !== AWS_TOKEN_TYPE) {
      return [400, { error: 'invalid_request', error_description: 'not an AWS token exchange' }];
    }
    let token: { url?: string; method?: string; headers?: Array<{ key: string; value: string }> };
    try {
      token = JSON.parse(decodeURIComponent(body.get('subject_token') ?? ''));
    } catch {
      return [400, { error: 'invalid_grant', error_description: 'subject token is not a serialized request' }];
    }
    exchanges.push({ audience, subjectToken: token as Record<string, unknown> });
    const headers = Object.fromEntries((token.headers ?? []).map(({ key, value }) => [key.toLowerCase(), value]));
    const shapeOk =
      token.method === 'POST' &&
      GET_CALLER_IDENTITY.test(token.url ?? '') &&
      /^AWS4-HMAC-SHA256 Credential=\w+\/\d{8}\/[a-z0-9-]+\/sts\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(headers.authorization ?? '') &&
      headers['x-goog-cloud-target-resource'] === audience &&
      !!headers['x-amz-date'];
    if (!shapeOk) return [400, { error: 'invalid_grant', error_description: 'subject token is not a signed GetCallerIdentity for this audience' }];
    if (!provider) return [403, { error: 'invalid_target', error_description: 'unknown workload identity provider' }];
    const arn = await callerArn(opts.awsEndpoint, headers);
    const trusted = `arn:aws:sts::${provider.aws_account_id}:assumed-role/${provider.aws_role_name}/`;
    if (!arn?.startsWith(trusted)) return [403, { error: 'unauthorized_client', error_description: 'the attribute condition rejected this identity' }];
    const accessToken = `fed-${randomBytes(12).toString('hex')}`;
    federated.set(accessToken, audience.replace(/^\/\/iam\.googleapis\.com\//, ''));
    return [200, { access_token: accessToken, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 }];
  }

  function impersonate(serviceAccount: string, bearer: string | undefined): [number, unknown] {
    const provider = bearer ? federated.get(bearer) : undefined;
    if (!provider) return [401, { error: { code: 401, message: 'invalid federated token' } }];
    if (!(state.impersonation[serviceAccount] ?? []).includes(provider)) {
      return [403, { error: { code: 403, message: 'Permission iam.serviceAccounts.getAccessToken denied' } }];
    }
    const accessToken = `sa-${randomBytes(12).toString('hex')}`;
    accessTokens.set(accessToken, serviceAccount);
    return [200, { accessToken, expireTime: new Date(Date.now() + 3600_000).toISOString() }];
  }

  /** The service account a storage request acts as: an impersonated token, or a self-signed JWT its key verifies. */
  function principalOf(bearer: string | undefined): string | null {
    if (!bearer) return null;
    const impersonated = accessTokens.get(bearer);
    if (impersonated) return impersonated;
    const [header, payload, signature] = bearer.split('.');
    if (!header || !payload || !signature) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string; sub?: string; scope?: string; exp?: number };
    const pem = claims.iss ? state.keys[claims.iss] : undefined;
    if (!pem || claims.sub !== claims.iss || !claims.scope?.includes('devstorage') || (claims.exp ?? 0) * 1000 < Date.now()) return null;
    const valid = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(pem), Buffer.from(signature, 'base64url'));
    return valid ? claims.iss! : null;
  }

  function storage(method: string, url: URL, bearer: string | undefined, body: string): [number, unknown] {
    const principal = principalOf(bearer);
    if (!principal) return [401, { error: { code: 401, message: 'Invalid Credentials' } }];
    const match = /^\/(?:upload\/)?storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
    if (!match) return [404, { error: { code: 404, message: 'Not Found' } }];
    const bucket = decodeURIComponent(match[1]!);
    const grants = state.buckets[bucket];
    if (!grants) return [404, { error: { code: 404, message: 'The specified bucket does not exist.' } }];
    const needed: StoragePermission = method === 'DELETE' ? 'delete' : method === 'POST' ? 'create' : match[2] ? 'get' : 'list';
    if (!(grants[principal] ?? []).includes(needed)) {
      return [403, { error: { code: 403, message: `${principal} does not have storage.objects.${needed} access` } }];
    }
    if (needed === 'list') return [200, { kind: 'storage#objects', items: [] }];
    if (needed === 'create') {
      const name = url.searchParams.get('name') ?? /"name"\s*:\s*"([^"]+)"/.exec(body)?.[1];
      if (!name) return [400, { error: { code: 400, message: 'no object name' } }];
      objects.set(`${bucket}/${name}`, body);
      return [200, { kind: 'storage#object', bucket, name, size: String(body.length) }];
    }
    const key = `${bucket}/${decodeURIComponent(match[2]!)}`;
    if (!objects.has(key)) return [404, { error: { code: 404, message: 'No such object' } }];
    if (needed === 'delete') {
      objects.delete(key);
      return [204, null];
    }
    return [200, objects.get(key)];
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { error: { code: 500, message: error.message } }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://google.local');
    const body = await readBody(req);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.method === 'POST' && url.pathname === '/_local/google/config') {
      configure(JSON.parse(body) as GoogleConfig);
      return send(res, 204, null);
    }
    if (req.method === 'POST' && url.pathname === '/v1/token') return send(res, ...(await exchange(new URLSearchParams(body))));
    const impersonation = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url.pathname);
    if (req.method === 'POST' && impersonation) return send(res, ...impersonate(decodeURIComponent(impersonation[1]!), bearer));
    return send(res, ...storage(req.method ?? 'GET', url, bearer, body));
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    exchanges,
    configure,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Replays the signed GetCallerIdentity against the AWS emulator, as Google replays it against AWS: the caller's ARN. */
async function callerArn(awsEndpoint: string, headers: Record<string, string>): Promise<string | null> {
  const { host: _host, ...signed } = headers;
  const res = await fetch(`${awsEndpoint}/`, {
    method: 'POST',
    headers: { ...signed, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  const xml = await res.text();
  return res.ok ? (/<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1] ?? null) : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === null) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(text);
}
