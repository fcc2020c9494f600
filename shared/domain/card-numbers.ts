/**
 * Full card numbers (PANs) must never reach us: the payment processor
 * tokenises them in the browser. These rules find one in any text, so a
 * request carrying one is refused before anything reads, logs or stores it.
 */

/** The Luhn (mod 10) check every card number passes. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const CARD_NUMBER_LENGTHS = { min: 13, max: 19 } as const;

/**
 * Digits, each optionally separated from the next by ONE space or dash —
 * how people type a card (`4242 4242 4242 4242`, `4242-4242-…`). A longer
 * gap, or any other character, ends the run.
 */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

/**
 * True when the text holds a card number: a maximal run of digits (as
 * above) of 13–19 digits that passes Luhn. Runs longer than 19 digits are
 * not cards (ids, hashes), and neither are shorter ones; judging whole runs
 * rather than every window inside a long one keeps those from being refused
 * one time in ten by chance.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= CARD_NUMBER_LENGTHS.min && digits.length <= CARD_NUMBER_LENGTHS.max && passesLuhn(digits)) return true;
  }
  return false;
}

/**
 * A request body, judged as sent and as JSON would read it: JSON may spell
 * a digit as `\u0034`, which the raw text hides and the parsed value shows.
 */
export function bodyCarriesCardNumber(raw: string): boolean {
  if (containsCardNumber(raw)) return true;
  try {
    return containsCardNumber(JSON.stringify(JSON.parse(raw)));
  } catch {
    return false; // not JSON: the raw text was all there was to read
  }
}
