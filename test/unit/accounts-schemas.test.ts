import { describe, it, expect } from 'vitest';
import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';
import { PatchMeBody, PatchTeamBody, SignupBody, TokenBody, VerifyBody } from '../../shared/api/accounts';

const SIGNUP = {
  email: 'ada@example.com',
  password: 'Correct-Horse-9',
  name: 'Ada Lovelace',
  company: 'Analytical Engines',
  team_name: 'Engines',
};

function issues(schema: core.$ZodType, value: unknown) {
  const result = z.safeParse(schema, value);
  expect(result.success, 'expected the schema to refuse the value').toBe(false);
  return result.error!.issues;
}

describe('SignupBody', () => {
  it('accepts a complete, valid signup', () => {
    expect(SignupBody.parse(SIGNUP)).toEqual(SIGNUP);
  });

  it('trims the text fields', () => {
    expect(SignupBody.parse({ ...SIGNUP, name: '  Ada  ', team_name: ' Engines ' })).toMatchObject({ name: 'Ada', team_name: 'Engines' });
  });

  it.each(['role', 'team_id', 'admin', 'email_verified', 'job_title'])('refuses the unknown field %s', (field) => {
    const found = issues(SignupBody, { ...SIGNUP, [field]: 'x' });
    expect(found).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: [field] })]);
  });

  it.each([
    ['too short', 'Short-1a'],
    ['no upper case', 'correct-horse-9'],
    ['no lower case', 'CORRECT-HORSE-9'],
    ['no digit', 'Correct-Horse-x'],
    ['no symbol', 'CorrectHorse99'],
    ['empty', ''],
    ['too long', 'Aa1-' + 'x'.repeat(300)],
  ])('refuses a weak password (%s)', (_label, password) => {
    const found = issues(SignupBody, { ...SIGNUP, password });
    expect(found.map((i) => i.path.join('.'))).toEqual(['password']);
  });

  it('names the unmet rules in the password message', () => {
    const [issue] = issues(SignupBody, { ...SIGNUP, password: 'correct-horse-x' });
    expect(issue!.message).toContain('an uppercase letter');
    expect(issue!.message).toContain('a digit');
    expect(issue!.message).not.toContain('correct-horse-x');
  });

  it.each(['', 'ada', 'ada@', '@example.com', 'ada@example', 'ada @example.com', 'a@@b.co', 'a'.repeat(250) + '@x.co'])(
    'refuses the bad email %j',
    (email) => {
      const found = issues(SignupBody, { ...SIGNUP, email });
      expect(found.map((i) => i.path.join('.'))).toContain('email');
    },
  );

  it.each(['email', 'password', 'name', 'company', 'team_name'])('requires %s', (field) => {
    const { [field as keyof typeof SIGNUP]: _omitted, ...rest } = SIGNUP;
    const found = issues(SignupBody, rest);
    expect(found.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it.each(['name', 'company', 'team_name'])('refuses a blank %s', (field) => {
    const found = issues(SignupBody, { ...SIGNUP, [field]: '   ' });
    expect(found.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it('caps names at 100 characters after NFC and trimming', () => {
    expect(SignupBody.safeParse({ ...SIGNUP, name: 'n'.repeat(100) }).success).toBe(true);
    expect(SignupBody.safeParse({ ...SIGNUP, name: 'n'.repeat(101) }).success).toBe(false);
    expect(SignupBody.safeParse({ ...SIGNUP, company: 'c'.repeat(101) }).success).toBe(false);
    // 100 decomposed "é" (e + U+0301) are 200 code units, 100 characters once composed.
    expect(SignupBody.parse({ ...SIGNUP, name: ' ' + 'e\u0301'.repeat(100) + ' ' }).name).toBe('\u00e9'.repeat(100));
    expect(SignupBody.safeParse({ ...SIGNUP, team_name: 't'.repeat(100) }).success).toBe(true);
    expect(SignupBody.safeParse({ ...SIGNUP, team_name: 't'.repeat(101) }).success).toBe(false);
  });

  it('refuses non-object bodies', () => {
    for (const body of [null, [], 'x', 1, true]) expect(SignupBody.safeParse(body).success).toBe(false);
  });
});

describe('PatchMeBody', () => {
  it('accepts profile fields, each optional', () => {
    expect(PatchMeBody.parse({})).toEqual({});
    expect(PatchMeBody.parse({ name: 'Ada', company: 'X', job_title: 'CTO', phone: '+33 1 23 45 67 89' })).toEqual({
      name: 'Ada',
      company: 'X',
      job_title: 'CTO',
      phone: '+33 1 23 45 67 89',
    });
  });

  it('lets job_title and phone be cleared with null', () => {
    expect(PatchMeBody.parse({ job_title: null, phone: null })).toEqual({ job_title: null, phone: null });
  });

  it('does not let name or company be cleared', () => {
    expect(PatchMeBody.safeParse({ name: null }).success).toBe(false);
    expect(PatchMeBody.safeParse({ company: '' }).success).toBe(false);
  });

  it.each<[string, unknown]>([
    ['role', 'admin'],
    ['role', 'manager'],
    ['team_id', 'team_01jcz3k4m5'],
    ['team_id', null],
    ['email', 'other@example.com'],
    ['email_verified', true],
    ['id', 'user_x'],
  ])('refuses %s (%j)', (field, value) => {
    const found = issues(PatchMeBody, { name: 'Ada', [field]: value });
    expect(found).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: [field] })]);
  });

  it.each(['call me', '12', 'x'.repeat(40), '+1 (555) 010-9999 ext'])('refuses the phone %j', (phone) => {
    expect(issues(PatchMeBody, { phone }).map((i) => i.path.join('.'))).toEqual(['phone']);
  });
});

describe('PatchTeamBody', () => {
  it('accepts callback_url: null (clears it)', () => {
    expect(PatchTeamBody.parse({ callback_url: null })).toEqual({ callback_url: null });
  });

  it('accepts a name and a callback URL', () => {
    expect(PatchTeamBody.parse({ name: ' Engines ', callback_url: 'https://hooks.example.com/refonte' })).toEqual({
      name: 'Engines',
      callback_url: 'https://hooks.example.com/refonte',
    });
  });

  it('accepts an empty patch', () => {
    expect(PatchTeamBody.parse({})).toEqual({});
  });

  it.each<[string, unknown]>([
    ['admin_user_id', 'user_x'],
    ['id', 'team_x'],
    ['callbackUrl', 'https://x.example.com'],
  ])('refuses the unknown field %s', (field, value) => {
    expect(issues(PatchTeamBody, { [field]: value })).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: [field] })]);
  });

  it('refuses a blank name, a null name and an over-long URL', () => {
    expect(PatchTeamBody.safeParse({ name: ' ' }).success).toBe(false);
    expect(PatchTeamBody.safeParse({ name: null }).success).toBe(false);
    expect(PatchTeamBody.safeParse({ callback_url: 'https://x.example.com/' + 'a'.repeat(2048) }).success).toBe(false);
    expect(PatchTeamBody.safeParse({ callback_url: 42 }).success).toBe(false);
  });
});

describe('other account bodies are strict', () => {
  it('TokenBody refuses unknown fields and bad emails', () => {
    expect(TokenBody.safeParse({ email: 'JOE@X.COM', password: 'x' }).success).toBe(true);
    expect(TokenBody.safeParse({ email: 'joe@x.com', password: 'x', mfa: '1' }).success).toBe(false);
    expect(TokenBody.safeParse({ email: 'joe', password: 'x' }).success).toBe(false);
    expect(TokenBody.safeParse({ email: 'joe@x.com', password: '' }).success).toBe(false);
  });

  it('VerifyBody requires a plausible token', () => {
    expect(VerifyBody.safeParse({ token: 'a'.repeat(43) }).success).toBe(true);
    expect(VerifyBody.safeParse({ token: 'short' }).success).toBe(false);
    expect(VerifyBody.safeParse({ token: 'a'.repeat(43), extra: 1 }).success).toBe(false);
  });
});

describe('names: invisible and control characters (the characters that reached emails and the support terminal)', () => {
  const hostile: [string, string][] = [
    ['NEL U+0085', 'Ada\u0085Admin'],
    ['CSI U+009B', 'Ada\u009b31mRed'],
    ['line separator U+2028', 'Ada\u2028Admin'],
    ['paragraph separator U+2029', 'Ada\u2029Admin'],
    ['zero-width space', 'Ad\u200ba'],
    ['BOM', '\ufeffAda'],
    ['left-to-right mark', 'Ada\u200e'],
    ['right-to-left override', 'Ada\u202egnp.exe'],
    ['tag character', 'Ada\u{E0041}'],
    ['private use', 'Ada\ue000'],
    ['unassigned', 'Ada\u0378'],
    ['lone surrogate', 'Ada\ud800'],
    ['escape', 'Ada\u001b[2J'],
  ];
  it.each(hostile)('refuses %s in a name, a company and a team name', (_, value) => {
    for (const field of ['name', 'company', 'team_name']) expect(SignupBody.safeParse({ ...SIGNUP, [field]: value }).success, field).toBe(false);
    expect(PatchMeBody.safeParse({ name: value }).success).toBe(false);
    expect(PatchTeamBody.safeParse({ name: value }).success).toBe(false);
  });

  it('accepts real names in any script, with combining marks and emoji', () => {
    for (const name of ['Zoë Ångström', 'Nguyễn Thị Minh Khai', '李小龍', 'محمد', 'Ana María 🚀', "O'Brien-Smith"]) {
      expect(SignupBody.safeParse({ ...SIGNUP, name, team_name: name }).success, name).toBe(true);
    }
  });

  it.each(['Re-login at https://refonte-login.evil.example', 'visit www.evil.example', 'ftp://x'])('refuses a URL in a team name: %s', (teamName) => {
    expect(SignupBody.safeParse({ ...SIGNUP, team_name: teamName }).success).toBe(false);
    expect(PatchTeamBody.safeParse({ name: teamName }).success).toBe(false);
  });
});
