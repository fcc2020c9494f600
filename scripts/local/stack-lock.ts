import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * One local stack per checkout: `.local/stack.pid` holds the PID of the
 * `npm start` process that owns `.local/outputs.json` and `.local/logs/`.
 * A second `npm start` reads it and refuses; `npm stop` signals it. A file
 * left by a stack that died is ignored (its PID no longer runs).
 */
export interface LocalFiles {
  dir: string;
  pid: string;
  outputs: string;
  logDir: string;
  dynamodbDataDir: string;
}

export function localFiles(root: string): LocalFiles {
  const dir = path.join(root, '.local');
  return {
    dir,
    pid: path.join(dir, 'stack.pid'),
    outputs: path.join(dir, 'outputs.json'),
    logDir: path.join(dir, 'logs'),
    dynamodbDataDir: path.join(dir, 'dynamodb'),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack running from this checkout, if any (with its API URL once it is up). */
export function runningStack(files: LocalFiles): { pid: number; apiUrl?: string } | null {
  let pid: number;
  try {
    pid = Number(readFileSync(files.pid, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return null;
  let apiUrl: string | undefined;
  try {
    apiUrl = (JSON.parse(readFileSync(files.outputs, 'utf8')) as { api_url?: string }).api_url;
  } catch {
    /* still starting */
  }
  return { pid, apiUrl };
}

/**
 * Claims the checkout for this process. False when another live process
 * holds it. Creating the file exclusively settles two starts at once.
 */
export function takeStackLock(files: LocalFiles): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(files.pid, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (runningStack(files)) return false;
      rmSync(files.pid, { force: true }); // left by a stack that died
    }
  }
  return false;
}

/** Gives the checkout back, if this process holds it. */
export function releaseStackLock(files: LocalFiles): void {
  try {
    if (Number(readFileSync(files.pid, 'utf8').trim()) === process.pid) rmSync(files.pid, { force: true });
  } catch {
    /* already gone */
  }
}
