/**
 * Billing periods are calendar months in UTC, written `YYYY-MM`. Pure
 * arithmetic on them: no clock is read here (callers pass `now`), so month
 * and year ends are unit-testable.
 */
export type Period = string;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

function parse(period: Period): { year: number; month: number } {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`not a billing period: ${period}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

const format = (year: number, month: number): Period => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** The period an instant falls in (UTC). */
export function periodOf(at: string | Date): Period {
  const d = typeof at === 'string' ? new Date(at) : at;
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** `delta` months after (negative: before) a period; year ends roll over. */
export function addMonths(period: Period, delta: number): Period {
  const { year, month } = parse(period);
  const index = year * 12 + (month - 1) + delta;
  return format(Math.floor(index / 12), (index % 12) + 1);
}

export const previousPeriod = (period: Period): Period => addMonths(period, -1);

/**
 * A period's bounds: `start` is its first instant, `end` the first instant
 * of the next month (exclusive, as a half-open interval: no millisecond of
 * the last day is lost or counted twice).
 */
export function periodBounds(period: Period): { start: string; end: string } {
  const { year, month } = parse(period);
  return {
    start: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
    end: new Date(Date.UTC(year, month, 1)).toISOString(),
  };
}

/** Any period up to the current one may be closed (the current one invoices its usage so far). */
export function isClosable(period: Period, now: Date): boolean {
  return isPeriod(period) && period <= periodOf(now);
}
