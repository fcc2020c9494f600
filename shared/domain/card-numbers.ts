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
 * Any Unicode decimal digit as its ASCII digit (Arabic-Indic, Devanagari,
 * mathematical…): every block of decimal digits is ten code points from 0
 * to 9, so a digit's value is its distance from its block's start, mod 10.
 */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    let start = digit.codePointAt(0)!;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((digit.codePointAt(0)! - start) % 10);
  });
}

/**
 * Digits separated by at most three characters that are neither letters
 * nor digits — how people write a card, however they space it
 * (`4242 4242…`, `4242-4242`, `4242.4242`, `4242 - 4242`, no-break spaces,
 * `4242/4242`). A letter, or a longer gap, ends the run.
 */
const DIGIT_RUN = /\d(?:[^\p{L}\p{N}]{0,3}\d)*/gu;

/**
 * True when the text holds a card number: 13–19 consecutive digits of a
 * run (as above) that pass Luhn — anywhere in the run, so a card written
 * with its expiry or security code beside it (`4242… 12/28`, `… 123`) is
 * still found. Full-width and other Unicode digits count as digits. This
 * refuses long digit strings (a number of 20+ digits holds a Luhn-valid
 * window by chance): no field where this check runs takes one.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of asciiDigits(text.normalize('NFKC')).matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/\D/g, '');
    for (let start = 0; start + CARD_NUMBER_LENGTHS.min <= digits.length; start++) {
      for (let length = CARD_NUMBER_LENGTHS.min; length <= CARD_NUMBER_LENGTHS.max && start + length <= digits.length; length++) {
        if (passesLuhn(digits.slice(start, start + length))) return true;
      }
    }
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
