import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFirstLoad, FIRST_LOAD_BUDGET_GZIP_BYTES } from '../../bench/dashboard-size';
import { api, outputs, STRONG_PASSWORD, uniqueEmail } from '../support/api';
import { expectAccessible, launchChromium, screenshot } from '../support/browser';
import { emailedLink, openDashboard, openProfileMenu, profileLink, signInThroughForm, signOutFromMenu, storedState, type DashboardSession } from '../support/dashboard';

/**
 * The whole dashboard journey in a browser, for an admin, a manager and a
 * member of one team, against the local stack; every email is read from the
 * local mailbox. Each page is scanned with axe-core and photographed
 * (docs/screenshots/). The tests run in order and share the team.
 */
let browser: Browser;
const sessions: DashboardSession[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const s of sessions) expect(s.problems, 'page errors').toEqual([]);
  await browser?.close();
});

async function open(at = '/'): Promise<DashboardSession> {
  const session = await openDashboard(browser, at);
  sessions.push(session);
  return session;
}

async function page(name: string, p: Page): Promise<void> {
  await expectAccessible(p, name);
  await screenshot(p, name);
}

const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name }).waitFor();
const row = (p: Page, text: string) => p.getByRole('row').filter({ hasText: text });

const admin = { email: uniqueEmail('dash-admin'), name: 'Ada Admin' };
const manager = { email: uniqueEmail('dash-manager'), name: 'Max Manager' };
const member = { email: uniqueEmail('dash-member'), name: 'Mia Member' };
const teamName = `Dash ${Date.now().toString(36)}`;
let adminSession: DashboardSession;

/** A browser journey step waits on several round trips through a shared, busy machine. */
const STEP = { timeout: 120_000 };
const POLL = { timeout: 20_000, interval: 200 };

describe('the admin', STEP, () => {
  it('is shown the sign-in form, signs up, is told to check the email, and verifies from its link', async () => {
    adminSession = await open();
    const p = adminSession.page;
    await heading(p, 'Sign in');
    expect(await p.getByLabel('Email', { exact: true }).getAttribute('type')).toBe('email');
    expect(await p.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
    await page('sign-in', p);

    await p.getByRole('link', { name: 'Create an account' }).click();
    await heading(p, 'Create your account');
    await p.getByLabel('Work email').fill(admin.email);
    await p.getByLabel('Password', { exact: true }).fill('weak');
    await p.getByLabel('Your name').fill(admin.name);
    await p.getByLabel('Company').fill('Dashworks');
    await p.getByLabel('Team name').fill(teamName);
    await page('sign-up', p);
    // The browser's own minlength check holds a too-short password back; a policy failure comes from the API, in words.
    await p.getByLabel('Password', { exact: true }).fill('longbutweakpassword');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.getByRole('alert').filter({ hasText: /password/i }).first().waitFor();
    expect(await p.locator('main').textContent()).not.toContain('{"error"');

    await p.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await p.getByRole('button', { name: 'Create account' }).click();
    await heading(p, 'Check your email');
    await page('check-email', p);

    await p.goto(await emailedLink(admin.email, '/verify-email'));
    await heading(p, 'Verify your email');
    await page('verify-email', p);
    await p.getByRole('button', { name: 'Verify my email address' }).click();
    await p.getByText(`Your email ${admin.email} is verified.`).waitFor();
    await p.getByRole('link', { name: 'Sign in' }).click();
    await heading(p, 'Sign in');
    expect(await p.getByLabel('Email', { exact: true }).inputValue()).toBe(admin.email);
  });

  it('signs in; the session is in memory only; wrong credentials are refused in words', async () => {
    const p = adminSession.page;
    await p.getByLabel('Password', { exact: true }).fill('Wrong!Passw0rd-1');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').waitFor();
    expect(await p.getByRole('alert').textContent()).toMatch(/\w+ \w+/);
    await signInThroughForm(p, admin.email, STRONG_PASSWORD);
    expect(await storedState(p)).toEqual({ local: 0, session: 0, cookies: '' });
    expect(adminSession.issuedTokens).toHaveLength(1);
  });

  it('edits the team details, and sees a refused callback URL explained', async () => {
    const p = adminSession.page;
    await p.getByLabel('Team name').fill(`${teamName} Ltd`);
    await p.getByLabel('Default callback URL').fill('https://169.254.169.254/latest');
    await p.getByRole('button', { name: 'Save team details' }).click();
    await p.getByRole('alert').filter({ hasText: /callback|address|allowed/i }).waitFor();
    await p.getByLabel('Default callback URL').fill('https://hooks.example.com/refonte');
    await p.getByRole('button', { name: 'Save team details' }).click();
    await p.getByText('Team details saved.').waitFor();
    const team = await api('GET', '/v1/team', { token: adminSession.issuedTokens[0]!.access_token });
    expect(team.body).toMatchObject({ name: `${teamName} Ltd`, callback_url: 'https://hooks.example.com/refonte' });
  });

  it('invites a manager and a member, resends one, revokes another', async () => {
    const p = adminSession.page;
    const invite = async (email: string, role: string) => {
      await p.getByLabel('Email to invite').fill(email);
      await p.getByLabel('Role', { exact: true }).selectOption(role);
      await p.getByRole('button', { name: 'Invite Member' }).click();
      await p.getByText(`Invitation sent to ${email}.`).waitFor();
      await row(p, email).waitFor();
    };
    await invite(manager.email, 'manager');
    await invite(member.email, 'member');
    const stray = uniqueEmail('dash-stray');
    await invite(stray, 'member');

    await p.getByRole('button', { name: `Resend the invitation to ${manager.email}` }).click();
    await row(p, manager.email).getByText('Sent again.').waitFor();

    await row(p, stray).getByRole('button', { name: 'Revoke' }).click();
    await row(p, stray).getByRole('button', { name: 'Revoke invitation' }).click();
    await row(p, stray).waitFor({ state: 'detached' });
    await page('team-admin', p);
  });

  it('adds live and test API keys, reveals one after confirming, copies it, deletes one', async () => {
    const p = adminSession.page;
    await adminSession.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await profileLink(p, 'API Keys');
    await heading(p, 'API Keys');
    await p.getByText('No API keys yet.').waitFor();

    await p.getByLabel('Key name (optional)').fill('CI pipeline');
    await p.getByLabel('Environment').selectOption('test');
    await p.getByRole('button', { name: 'Add key' }).click();
    const created = (await p.locator('.notice code').textContent())!;
    expect(created).toMatch(/^test_/);
    await row(p, 'CI pipeline').waitFor();

    await p.getByLabel('Key name (optional)').fill('Production');
    await p.getByLabel('Environment').selectOption('live');
    await p.getByRole('button', { name: 'Add key' }).click();
    await row(p, 'Production').waitFor();

    await row(p, 'CI pipeline').getByRole('button', { name: 'Reveal' }).click();
    await row(p, 'CI pipeline').getByText(/recorded in the audit log/).waitFor();
    await row(p, 'CI pipeline').getByRole('button', { name: 'Reveal key' }).click();
    await row(p, 'CI pipeline').getByText(created).waitFor();
    await row(p, 'CI pipeline').getByRole('button', { name: 'Copy the key CI pipeline' }).click();
    await row(p, 'CI pipeline').getByText('Copied.').waitFor();
    expect(await p.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>)).toBe(created);

    await row(p, 'Production').getByRole('button', { name: 'Delete' }).click();
    await row(p, 'Production').getByRole('button', { name: 'Delete key' }).click();
    await row(p, 'Production').waitFor({ state: 'detached' });

    await p.getByRole('button', { name: 'Show callback auth keys' }).click();
    const before = await p.getByLabel('the test callback auth key', { exact: true }).textContent();
    await p.getByRole('button', { name: 'Rotate test key' }).click();
    await p.getByRole('button', { name: 'Rotate the test key' }).click();
    await expect.poll(() => p.getByLabel('the test callback auth key', { exact: true }).textContent(), POLL).not.toBe(before);
    await page('api-keys', p);

    const audit = await api('GET', '/v1/team/audit-log?limit=20', { token: adminSession.issuedTokens[0]!.access_token });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revealed', 'api_key.deleted', 'callback_auth_key.rotated']));
  });
});

describe('the member and the manager', STEP, () => {
  let memberSession: DashboardSession;
  let managerSession: DashboardSession;

  async function accept(person: { email: string; name: string }): Promise<DashboardSession> {
    const s = await open(await emailedLink(person.email, '/accept-invitation'));
    const p = s.page;
    await heading(p, 'Accept the invitation');
    await p.getByText(`to join ${teamName} Ltd as`).waitFor();
    await p.getByLabel('Choose a password').fill(STRONG_PASSWORD);
    await p.getByLabel('Your name').fill(person.name);
    await p.getByLabel('Company').fill('Dashworks');
    return s;
  }

  it('the member accepts from the emailed link, signs in, and is offered nothing a member may not do', async () => {
    memberSession = await accept(member);
    const p = memberSession.page;
    await page('accept-invitation', p);
    await p.getByRole('button', { name: 'Create my account and join' }).click();
    await p.getByText('Your account is ready').waitFor();
    await signInThroughForm(p, member.email, STRONG_PASSWORD);
    await row(p, admin.email).waitFor();
    expect(await p.getByRole('button', { name: 'Invite Member' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await p.getByRole('heading', { name: 'Pending invitations' }).count()).toBe(0);
    await openProfileMenu(p);
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await p.getByRole('link', { name: 'API Keys' }).count()).toBe(0);
    await p.keyboard.press('Escape');
    expect(await p.getByLabel('Team name').getAttribute('readonly')).not.toBeNull();
    await page('team-member', p);
    // What is not offered is still refused by the API.
    const token = memberSession.issuedTokens[0]!.access_token;
    expect((await api('POST', '/v1/team/invitations', { token, body: { email: uniqueEmail('x'), role: 'member' } })).status).toBe(403);
    expect((await api('GET', '/v1/api-keys', { token })).status).toBe(403);
  });

  it('the manager accepts, changes the member to manager and back, and cannot touch the admin', async () => {
    managerSession = await accept(manager);
    const p = managerSession.page;
    await p.getByRole('button', { name: 'Create my account and join' }).click();
    await signInThroughForm(p, manager.email, STRONG_PASSWORD);
    await p.getByRole('button', { name: 'Invite Member' }).waitFor();
    await page('team-manager', p);
    expect(await row(p, admin.email).getByRole('combobox').count()).toBe(0);
    expect(await row(p, admin.email).getByRole('button').count()).toBe(0);

    const role = p.getByLabel(`Role of ${member.name}`);
    const roleInApi = async () =>
      (await api('GET', '/v1/team/members', { token: managerSession.issuedTokens[0]!.access_token })).body.items.find((m: { email: string }) => m.email === member.email)?.role;
    await role.selectOption('manager');
    await expect.poll(roleInApi, POLL).toBe('manager');
    await expect.poll(() => role.isEnabled(), POLL).toBe(true);
    await role.selectOption('member');
    await expect.poll(roleInApi, POLL).toBe('member');
  });

  it('the member leaves the team and is told so', async () => {
    const p = memberSession.page;
    await row(p, member.email).getByRole('button', { name: 'Leave' }).click();
    await row(p, member.email).getByRole('button', { name: 'Leave the team' }).click();
    await heading(p, 'You are not in a team');
    await page('no-team', p);
  });

  it('the admin removes the manager, whose next request is refused', async () => {
    const p = adminSession.page;
    await p.getByRole('link', { name: 'Your Team' }).click();
    await row(p, manager.email).getByRole('button', { name: 'Remove' }).click();
    await row(p, manager.email).getByRole('button', { name: `Remove ${manager.name}` }).click();
    await row(p, manager.email).waitFor({ state: 'detached' });
    expect((await api('GET', '/v1/team/members', { token: managerSession.issuedTokens[0]!.access_token })).status).toBe(403);
  });

  it('signing out revokes the refresh token and shows the sign-in form', async () => {
    for (const s of [adminSession, managerSession, memberSession]) {
      await signOutFromMenu(s.page);
      const refresh = await api('POST', '/v1/auth/refresh', { body: { refresh_token: s.issuedTokens.at(-1)!.refresh_token } });
      expect(refresh.status).toBe(401);
    }
  });
});

describe('a forgotten password', STEP, () => {
  it('is reset from the emailed link, and the new password signs in', async () => {
    const s = await open('/sign-in');
    const p = s.page;
    await p.getByRole('link', { name: 'Forgot your password?' }).click();
    await heading(p, 'Reset your password');
    await p.getByLabel('Email', { exact: true }).fill(admin.email);
    await p.getByRole('button', { name: 'Email me a reset link' }).click();
    await p.getByText(/a link valid for one hour/).waitFor();
    await page('forgot-password', p);

    await p.goto(await emailedLink(admin.email, '/reset-password'));
    await heading(p, 'Choose a new password');
    await page('reset-password', p);
    await p.getByLabel('New password').fill('N3w!Passw0rd-2026');
    await p.getByRole('button', { name: 'Set my new password' }).click();
    await p.getByText('Your password was changed').waitFor();
    await signInThroughForm(p, admin.email, 'N3w!Passw0rd-2026');
  });
});

it('serves every page with its security headers, and the API keeps its own 404 for unknown routes', async () => {
  const res = await fetch(`${outputs().dashboard_url}team`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  const unknown = await fetch(`${outputs().api_url}/v1/nope`, { headers: { accept: 'text/html' } });
  expect(unknown.status).toBe(404);
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
});

it('keeps the first load within its budget (index.html and what it names, gzipped)', () => {
  expect(dashboardFirstLoad().gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_GZIP_BYTES);
});
