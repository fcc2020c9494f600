import { NotAcceptableError } from '../errors';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

/** `type/subtype;q=0.5` → its parts; a range that is not of that shape is ignored, as RFC 9110 lets a server do. */
function parseRange(raw: string): MediaRange | null {
  const [range, ...params] = raw.split(';').map((part) => part.trim().toLowerCase());
  const match = /^([a-z0-9!#$%&'*+.^_`|~-]+)\/([a-z0-9!#$%&'*+.^_`|~-]+)$/.exec(range ?? '');
  if (!match) return null;
  const [, type, subtype] = match as unknown as [string, string, string];
  if (type === '*' && subtype !== '*') return null;
  const qParam = params.find((p) => p.startsWith('q='));
  const q = qParam === undefined ? 1 : Number(qParam.slice(2));
  if (!Number.isFinite(q) || q < 0 || q > 1) return null;
  return { type, subtype, q };
}

/** How specifically a range names a media type (exact beats `type/*` beats `*\/*`), or -1 when it does not match. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  if (range.type === type && range.subtype === subtype) return 2;
  if (range.type === type && range.subtype === '*') return 1;
  if (range.type === '*') return 0;
  return -1;
}

/**
 * The offered media type the request's Accept header prefers (RFC 9110
 * §12.5.1): each offer takes the q of the most specific range naming it,
 * q=0 excludes it, the highest q wins and ties go to the earlier offer — so
 * no header, or `*\/*`, gets the first. Null when the header allows none.
 */
export function preferredMediaType(accept: string | undefined, offered: readonly string[]): string | null {
  if (!accept?.trim()) return offered[0] ?? null;
  const ranges = accept.split(',').map(parseRange).filter((r): r is MediaRange => r !== null);
  let best: { mediaType: string; q: number } | null = null;
  for (const mediaType of offered) {
    const matching = ranges.map((r) => ({ q: r.q, rank: specificity(r, mediaType) })).filter((m) => m.rank >= 0);
    if (matching.length === 0) continue;
    const { q } = matching.reduce((a, b) => (b.rank > a.rank ? b : a));
    if (q > 0 && (!best || q > best.q)) best = { mediaType, q };
  }
  return best?.mediaType ?? null;
}

/** `preferredMediaType`, or the contract's 406 `not_acceptable` naming what is offered. */
export function negotiateMediaType<T extends string>(accept: string | undefined, offered: readonly T[]): T {
  const chosen = preferredMediaType(accept, offered);
  if (chosen === null) throw new NotAcceptableError(offered);
  return chosen as T;
}
