import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { REPORT_LINE } from '../scripts/local/function-host';

/**
 * p50 of the function's own Duration (the dev server's REPORT line per
 * invocation, as Lambda writes one) over each path's last `rounds` requests —
 * the measured ones, after the warm-up — matched by request id.
 */
export async function functionDurations(logFile: string, requestIds: Map<string, string[]>, rounds: number): Promise<Map<string, number>> {
  const wanted = new Map<string, string>();
  for (const [path, ids] of requestIds) for (const id of ids.slice(-rounds)) wanted.set(id, path);
  const found = new Map<string, number[]>();
  // The dev server's output reaches its log through a pipe: wait until every measured request's line is there.
  for (let attempt = 0; attempt < 50; attempt++) {
    found.clear();
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      const match = REPORT_LINE.exec(line);
      // The authorizer's invocation carries the same request id (when its cached answer expired): not the operation's time.
      const path = match && match[2] !== 'authorizer' && wanted.get(match[1]!);
      if (path) (found.get(path) ?? found.set(path, []).get(path)!).push(Number(match[3]));
    }
    if ([...found.values()].reduce((n, xs) => n + xs.length, 0) === wanted.size) break;
    await delay(200);
  }
  const p50 = new Map<string, number>();
  for (const [path, ids] of requestIds) {
    const xs = (found.get(path) ?? []).sort((a, b) => a - b);
    if (xs.length !== Math.min(rounds, ids.length)) throw new Error(`${path}: ${xs.length} REPORT lines for ${Math.min(rounds, ids.length)} requests`);
    p50.set(path, xs[Math.floor(xs.length / 2)]!);
  }
  return p50;
}
