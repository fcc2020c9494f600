import { describe, it, expect } from 'vitest';
import { isPlausibleEmail, normalizeEmail } from '../../shared/domain/email';

describe('normalizeEmail', () => {
  it.each([
    ['joe@x.com', 'JOE@X.COM'],
    ['joe@x.com', 'Joe@X.com'],
    ['joe@x.com', '  joe@x.com  '],
    ['joe+second@x.com', 'JOE+Second@x.COM'],
    ['ada.lovelace@example.org', 'Ada.Lovelace@Example.ORG'],
  ])('%s and %s are the same account', (a, b) => {
    expect(normalizeEmail(a)).toBe(normalizeEmail(b));
  });

  it.each([
    ['joe@x.com', 'joe+second@x.com'],
    ['joe+a@x.com', 'joe+b@x.com'],
    ['joe@x.com', 'joe@y.com'],
    ['joe@x.com', 'j.oe@x.com'],
  ])('%s and %s are different accounts (+tags and dots significant)', (a, b) => {
    expect(normalizeEmail(a)).not.toBe(normalizeEmail(b));
  });

  it('lower-cases the whole address and keeps the +tag', () => {
    expect(normalizeEmail(' JOE+Second@X.COM ')).toBe('joe+second@x.com');
  });

  it('is idempotent', () => {
    const once = normalizeEmail('  Mixed.Case+Tag@Example.COM ');
    expect(normalizeEmail(once)).toBe(once);
  });
});

describe('isPlausibleEmail', () => {
  it.each([
    'joe@x.com',
    'JOE@X.COM',
    'joe+second@x.com',
    'first.last@sub.example.co.uk',
    'a@b.co',
    ' joe@x.com ',
    "o'brien@example.com",
    'x_y-z@a-b.example',
  ])('accepts %j', (email) => {
    expect(isPlausibleEmail(email)).toBe(true);
  });

  it.each([
    '',
    'joe',
    'joe@',
    '@x.com',
    'joe@x',
    'joe@@x.com',
    'jo@e@x.com',
    'joe smith@x.com',
    'joe@x .com',
    'joe@x.',
    'joe@.',
    '   ',
    'a@b.c',
    'kate@example.com.',
    '.a@example.com',
    'a.@example.com',
    'a..b@example.com',
    'a@[127.0.0.1]',
    'josé@example.com',
    'u@exämple.com',
    '<script>@x.com',
    'a"b@example.com',
    'a@-x.com',
    'a@x-.com',
  ])('refuses %j', (email) => {
    expect(isPlausibleEmail(email)).toBe(false);
  });

  it('accepts 254 characters and refuses 255 (local parts of at most 64)', () => {
    const domain = `@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.example.com`;
    const at254 = 'a'.repeat(254 - domain.length) + domain;
    const at255 = 'a'.repeat(255 - domain.length) + domain;
    expect(isPlausibleEmail(`${'a'.repeat(64)}@x.com`)).toBe(true);
    expect(isPlausibleEmail(`${'a'.repeat(65)}@x.com`)).toBe(false);
    expect(at254).toHaveLength(254);
    expect(isPlausibleEmail(at254)).toBe(true);
    expect(isPlausibleEmail(at255)).toBe(false);
  });
});
