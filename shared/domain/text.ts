/**
 * Rules for text people type that other people read (names in emails, in
 * member lists, in the support CLI's terminal). Refused: Unicode's control
 * (Cc: C0, DEL, C1 such as U+0085 and the CSI U+009B), format (Cf: zero-width
 * space and joiners, BOM, bidirectional marks and overrides, tag
 * characters), private-use (Co), unassigned (Cn) and surrogate (Cs)
 * characters, and the line and paragraph separators (Zl U+2028, Zp U+2029).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;

export function unprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}

/**
 * Text as a mail client or browser reads it for links: compatibility forms
 * folded (full-width `ｗｗｗ．` and `：` are `www.` and `:`), and the
 * ideographic full stops IDNA treats as dots (`。`, `｡`) made dots.
 */
export function linkReading(text: string): string {
  return text.normalize('NFKC').replace(/[\u3002\uFF61]/g, '.');
}

/** What mail clients and terminals turn into a link, however it is spelled. */
export function looksLikeLink(text: string): boolean {
  return /:\/\/|www\./i.test(linkReading(text));
}
