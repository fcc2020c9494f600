import { describe, it, expect } from 'vitest';
import { PASSWORD_POLICY, passwordProblems } from '../../shared/domain/password-policy';

const GOOD = 'Correct-Horse-9'; // 15 chars: lower, upper, digit, symbol

const LENGTH_MIN = 'at least 12 characters';
const LENGTH_MAX = 'at most 64 characters';
const BLANKS = 'no leading or trailing spaces';
const LOWER = 'a lowercase letter';
const UPPER = 'an uppercase letter';
const DIGIT = 'a digit';
const SYMBOL = 'a symbol';

describe('passwordProblems', () => {
  it('accepts a password that meets every rule', () => {
    expect(passwordProblems(GOOD)).toEqual([]);
  });

  it('pins the policy values the user pool is built from', () => {
    expect(PASSWORD_POLICY).toEqual({
      minLength: 12,
      maxLength: 64,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
    });
  });

  // Each row breaks exactly one rule.
  it.each([
    ['too short (11)', 'Abcdefgh-1x', [LENGTH_MIN]],
    ['too long (65)', 'Aa1-' + 'x'.repeat(61), [LENGTH_MAX]],
    ['leading space', ' Correct-Horse-9', [BLANKS]],
    ['trailing space', 'Correct-Horse-9 ', [BLANKS]],
    ['no lowercase', 'CORRECT-HORSE-9', [LOWER]],
    ['no uppercase', 'correct-horse-9', [UPPER]],
    ['no digit', 'Correct-Horse-x', [DIGIT]],
    ['no symbol', 'CorrectHorse99', [SYMBOL]],
  ])('%s → exactly that problem', (_label, password, expected) => {
    expect(passwordProblems(password)).toEqual(expected);
  });

  it('accepts exactly 12 and exactly 64 characters', () => {
    const twelve = 'Abcdefgh-12x';
    expect(twelve).toHaveLength(12);
    expect(passwordProblems(twelve)).toEqual([]);
    const max = 'Aa1-' + 'x'.repeat(60);
    expect(max).toHaveLength(64);
    expect(passwordProblems(max)).toEqual([]);
  });

  it('reports every unmet rule at once', () => {
    expect(passwordProblems('')).toEqual([LENGTH_MIN, LOWER, UPPER, DIGIT, SYMBOL]);
    expect(passwordProblems('abc')).toEqual([LENGTH_MIN, UPPER, DIGIT, SYMBOL]);
  });

  // Cognito's symbol set: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -
  it.each([...'^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-'])('counts %j as a symbol', (symbol) => {
    expect(passwordProblems(`Abcdefgh12${symbol}x`)).toEqual([]);
  });

  it('does not count letters, digits or non-ASCII letters as symbols', () => {
    expect(passwordProblems('Abcdefgh12éxÄ')).toEqual([SYMBOL]);
  });

  it('counts only ASCII letters for the lower- and upper-case rules', () => {
    expect(passwordProblems('ÉÈÀ-12345678a')).toEqual([UPPER]);
    expect(passwordProblems('éèà-12345678A')).toEqual([LOWER]);
  });

  // Real Cognito's pattern ^[\S]+.*[\S]+$ refuses these (InvalidParameterException); the emulator does not.
  it.each([
    ['an inner newline', 'Str0ng!Pass\nw0rd-42'],
    ['an inner carriage return', 'Str0ng!Pass\rw0rd-42'],
    ['an inner line separator', 'Str0ng!Pass\u2028w0rd-42'],
    ['an inner next-line', 'Str0ng!Pass\u0085w0rd-42'],
    ['a trailing tab', 'Str0ng!Passw0rd-42\t'],
  ])('refuses a password with %s, as Cognito would', (_, password) => {
    expect(passwordProblems(password).length).toBeGreaterThan(0);
  });
});
