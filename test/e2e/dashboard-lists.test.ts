import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUpVerified, STRONG_PASSWORD, uniqueEmail } from '../support/api';
import { expectAccessible, launchChromium } from '../support/browser';
import { openDashboard, profileLink, signInThroughForm } from '../support/dashboard';

/**
 * The dashboard's lists page through the API's cursors, keyboard-only use
 * works, and the session refreshes its access token by itself.
 */
let browser: Browser;
let admin: Awaited<ReturnType<typeof signUpVerified>>;
const STEP = { timeout: 120_000 };
const POLL = { timeout: 20_000, interval: 200 };

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signUpVerified({ team_name: 'Paged' });
  // Eleven pending invitations and eleven keys: one more than a page of each.
  const token = admin.tokens.access_token;
  const made = await Promise.all(
    Array.from({ length: 11 }, (_, i) => [
      api('POST', '/v1/team/invitations', { token, body: { email: uniqueEmail(`paged${i}`), role: 'member' } }),
      api('POST', '/v1/api-keys', { token, body: { environment: 'test', name: `key ${i}` } }),
    ]).flat(),
  );
  expect(made.map((r) => r.status)).toEqual(Array(22).fill(201));
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('the dashboard', STEP, () => {
  it('is usable from the keyboard alone: sign in, go to API Keys, page through the keys', async () => {
    const { page: p } = await openDashboard(browser, '/');
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // Tab from the top of the page to the email field, then type and submit with Enter.
    const focused = () => p.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('name') ?? (globalThis as any).document.activeElement?.textContent);
    for (let i = 0; i < 20 && (await focused()) !== 'email'; i++) await p.keyboard.press('Tab');
    expect(await focused()).toBe('email');
    await p.keyboard.type(admin.email);
    await p.keyboard.press('Tab');
    await p.keyboard.type(STRONG_PASSWORD);
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Your Team' }).waitFor();

    // The new page moved focus to its heading, after the navigation: back up to the profile icon, whose menu holds API Keys.
    const profile = p.getByRole('button', { name: 'Profile' });
    const onProfile = () => profile.evaluate((el) => el === (globalThis as any).document.activeElement);
    for (let i = 0; i < 60 && !(await onProfile()); i++) await p.keyboard.press('Shift+Tab');
    expect(await onProfile()).toBe(true);
    const expanded = () => profile.getAttribute('aria-expanded');
    expect(await expanded()).toBe('false');
    await p.keyboard.press('Enter');
    await expect.poll(expanded, POLL).toBe('true');
    // Escape closes the menu and leaves focus on its button; Space opens it again.
    await p.keyboard.press('Escape');
    await expect.poll(expanded, POLL).toBe('false');
    expect(await onProfile()).toBe(true);
    await p.keyboard.press('Space');
    await p.getByRole('link', { name: 'API Keys' }).waitFor();
    await expectAccessible(p, 'profile menu, open');
    for (let i = 0; i < 5 && (await focused()) !== 'API Keys'; i++) await p.keyboard.press('Tab');
    expect(await focused()).toBe('API Keys');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'API Keys' }).waitFor();
    await p.getByRole('row').filter({ hasText: /key \d+/ }).first().waitFor();
    expect(await p.getByRole('row').filter({ hasText: /key \d+/ }).count()).toBe(10);

    const next = p.getByRole('button', { name: 'Next page' });
    await next.focus();
    await p.keyboard.press('Enter');
    await p.getByText('Page 2').waitFor();
    await expect.poll(() => p.getByRole('row').filter({ hasText: /key \d+/ }).count(), POLL).toBe(1);
    expect(await next.isDisabled()).toBe(true);
    await expectAccessible(p, 'api-keys, page 2');
  });

  it('pages through pending invitations with the API cursor', async () => {
    const { page: p } = await openDashboard(browser, '/team');
    await signInThroughForm(p, admin.email, STRONG_PASSWORD);
    const invitations = p.getByRole('region', { name: 'Pending invitations' });
    await invitations.getByRole('row').filter({ hasText: 'paged' }).first().waitFor();
    expect(await invitations.getByRole('row').filter({ hasText: 'paged' }).count()).toBe(10);
    const nav = p.getByRole('navigation', { name: 'Invitations pages' });
    await nav.getByRole('button', { name: 'Next page' }).click();
    await nav.getByText('Page 2').waitFor();
    await expect.poll(() => invitations.getByRole('row').filter({ hasText: 'paged' }).count(), POLL).toBe(1);
    await nav.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => invitations.getByRole('row').filter({ hasText: 'paged' }).count(), POLL).toBe(10);
  });

  it('refreshes the access token with the refresh token before it expires, and carries on', async () => {
    const session = await openDashboard(browser, '/sign-in');
    const p = session.page;
    // The page's clock, moved on below to just before the access token's expiry (moto issues them for an hour).
    await p.clock.install();
    await p.reload();
    await signInThroughForm(p, admin.email, STRONG_PASSWORD);
    const refreshes: string[] = [];
    p.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/auth/refresh') refreshes.push(r.url());
    });
    const authorizations: string[] = [];
    p.on('request', (r) => {
      const header = r.headers().authorization;
      if (header) authorizations.push(header);
    });
    await p.clock.fastForward('59:30');
    await profileLink(p, 'API Keys');
    await p.getByRole('heading', { level: 1, name: 'API Keys' }).waitFor();
    await p.getByRole('row').filter({ hasText: /key \d+/ }).first().waitFor();
    expect(refreshes).toHaveLength(1);
    const fresh = authorizations.at(-1)!;
    expect(fresh).not.toBe(`Bearer ${session.issuedTokens[0]!.access_token}`);
  });
});
