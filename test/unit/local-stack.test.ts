import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortsFree, freePort } from '../../scripts/local/emulators';
import { formatRequestLine, logRequest, redactTokens, requestLineOf, REQUEST_LINE_TAG } from '../../scripts/local/request-log';
import { localFiles, releaseStackLock, runningStack, takeStackLock } from '../../scripts/local/stack-lock';

describe('request log', () => {
  it('formats one line: method, path, status, ms, request id', () => {
    expect(formatRequestLine({ method: 'POST', path: '/v1/signup', status: 201, ms: 83.6, requestId: 'abc-123' })).toBe(
      'POST /v1/signup 201 84ms abc-123',
    );
  });

  it('logs each answered request once, without its query string, with the id given to writeHead', async () => {
    const lines: string[] = [];
    const server: Server = createServer((req, res) => {
      logRequest(req, res, (line) => lines.push(line));
      res.writeHead(404, { 'content-type': 'application/json', 'X-Request-Id': 'req-1' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) =>
      request({ port, host: '127.0.0.1', path: '/verify-email?token=secret' }, (res) => res.resume().on('end', resolve)).end(),
    );
    await new Promise((r) => setTimeout(r, 20));
    server.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^\\${REQUEST_LINE_TAG.trim()} GET /verify-email 404 \\d+ms req-1\\n$`));
    expect(requestLineOf(lines[0]!.trimEnd())).toMatch(/^GET \/verify-email 404 \d+ms req-1$/);
    expect(requestLineOf('{"level":"WARN"}')).toBeNull();
  });
});

describe('one stack per checkout', () => {
  const children: Array<ReturnType<typeof spawn>> = [];
  afterEach(() => children.splice(0).forEach((c) => c.kill()));

  function checkout() {
    const files = localFiles(mkdtempSync(path.join(os.tmpdir(), 'checkout-')));
    mkdirSync(files.dir, { recursive: true });
    return files;
  }

  it('takes the checkout, refuses while another live process holds it, and takes it back from a dead one', async () => {
    const files = checkout();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    children.push(other);
    writeFileSync(files.pid, `${other.pid}\n`);
    writeFileSync(files.outputs, JSON.stringify({ api_url: 'http://127.0.0.1:3999' }));
    expect(runningStack(files)).toEqual({ pid: other.pid, apiUrl: 'http://127.0.0.1:3999' });
    expect(takeStackLock(files)).toBe(false);

    other.kill();
    await new Promise((r) => other.once('exit', r));
    expect(runningStack(files)).toBeNull();
    expect(takeStackLock(files)).toBe(true);
    expect(readFileSync(files.pid, 'utf8').trim()).toBe(String(process.pid));
    releaseStackLock(files);
    expect(() => readFileSync(files.pid)).toThrow();
  });
});

describe('ports checked up front', () => {
  it('names every busy port with its variable, in one message', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const taken = (busy.address() as net.AddressInfo).port;
    try {
      await expect(assertPortsFree({ PORT: taken, DYNAMODB_PORT: await freePort() })).rejects.toThrow(
        `port ${taken} (PORT) already in use: free it or pick another, e.g. PORT=${taken + 10} npm start`,
      );
      await expect(assertPortsFree({ PORT: await freePort() })).resolves.toBeUndefined();
    } finally {
      busy.close();
    }
  });
});

describe('request log: secrets', () => {
  it('keeps tokens carried in the path out of the log', () => {
    expect(redactTokens(`/v1/invitations/${'k'.repeat(43)}`)).toBe('/v1/invitations/…');
    expect(redactTokens('/v1/team/members/user_01JABCDEF')).toBe('/v1/team/members/user_01JABCDEF');
  });
});
