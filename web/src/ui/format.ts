/** How the pages write the API's values for people. */

/** Integer cents of the contract's Money, as `$1,234.50`. */
export function money({ amount, currency }: { amount: number; currency: string }): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}

/** An ISO timestamp in the reader's locale and time zone; absent values say so. */
export function when(iso: string | null | undefined, none = '—'): string {
  return iso ? new Date(iso).toLocaleString() : none;
}

/** A JSON value (a task's params, response, a policy to paste): indented, as people copy it. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** `1 task`, `2 tasks`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
