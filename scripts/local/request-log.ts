import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One line per request answered by the dev server, written to its stdout
 * (so `.local/logs/dev-server.log` has them all) behind a tag that
 * `npm start` recognises and prints on the terminal, unless `--quiet`.
 * The query string is left out (links carry tokens there), and so is any
 * long path segment (an invitation token in `/v1/invitations/{token}`).
 */
export const REQUEST_LINE_TAG = '[request] ';

export interface RequestLine {
  method: string;
  path: string;
  status: number;
  ms: number;
  requestId: string;
}

export function formatRequestLine(r: RequestLine): string {
  return `${r.method} ${r.path} ${r.status} ${Math.round(r.ms)}ms ${r.requestId || '-'}`;
}

/** Path segments long enough to be secrets (our tokens are 43 characters; ids are shorter) become `…`. */
export function redactTokens(path: string): string {
  return path.replace(/\/[^/]{40,}/g, '/…');
}

/** Call first thing for each request: writes its line once the response is sent (or the client went away). */
export function logRequest(
  req: IncomingMessage,
  res: ServerResponse,
  write: (line: string) => void = (line) => process.stdout.write(line),
): void {
  const started = performance.now();
  const path = redactTokens((req.url ?? '/').split('?')[0]!);
  // Headers handed to writeHead() are not readable back with getHeader(): note the request id on the way.
  let requestId = '';
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null) as Record<string, unknown> | undefined;
    const id = headers && Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-request-id')?.[1];
    if (id) requestId = String(id);
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
  res.once('close', () => {
    const line = formatRequestLine({
      method: req.method ?? 'GET',
      path,
      status: res.writableFinished ? res.statusCode : 499,
      ms: performance.now() - started,
      requestId: requestId || String(res.getHeader('x-request-id') ?? ''),
    });
    write(`${REQUEST_LINE_TAG}${line}\n`);
  });
}

/** The request line in one line of the dev server's output, or null for anything else (handlers' logs, …). */
export function requestLineOf(outputLine: string): string | null {
  return outputLine.startsWith(REQUEST_LINE_TAG) ? outputLine.slice(REQUEST_LINE_TAG.length) : null;
}
