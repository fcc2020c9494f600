import type { Browser, BrowserContext, Page } from 'playwright-core';
import { latestEmailTo, outputs } from './api';

/** The link of a kind (`/verify-email`, `/accept-invitation`, `/reset-password`) in the newest email to an address. */
export async function emailedLink(to: string, pagePath: string): Promise<string> {
  const text = (await latestEmailTo(to)).text;
  const link = new RegExp(`(https?://\\S+${pagePath}\\?token=[\\w-]+)`).exec(text)?.[1];
  if (!link) throw new Error(`no ${pagePath} link in the email to ${to}`);
  return link;
}

export interface DashboardSession {
  context: BrowserContext;
  page: Page;
  /** Every response body of POST /v1/auth/token seen by this page (the test reads the refresh token it got). */
  issuedTokens: Array<{ refresh_token: string; access_token: string }>;
  /** Page errors and CSP violations: a clean run has none. */
  problems: string[];
}

/** A fresh browser context (no storage, no cookies) on the dashboard. */
export async function openDashboard(browser: Browser, at = '/'): Promise<DashboardSession> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const session: DashboardSession = { context, page, issuedTokens: [], problems: [] };
  page.on('pageerror', (e) => session.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) session.problems.push(`console: ${m.text()}`);
  });
  page.on('response', async (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/auth/token' && r.status() === 200) {
      session.issuedTokens.push(await r.json());
    }
  });
  await page.goto(new URL(at, outputs().dashboard_url).toString());
  return session;
}

/** Signs in through the form, waiting for Your Team. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your Team' }).waitFor();
}

/** What the page keeps in web storage and cookies: the session lives in memory only. */
export async function storedState(page: Page): Promise<{ local: number; session: number; cookies: string }> {
  return page.evaluate(() => {
    const w = globalThis as any;
    return { local: w.localStorage.length as number, session: w.sessionStorage.length as number, cookies: w.document.cookie as string };
  });
}

/** Opens the profile menu (API Keys, Sign out) from its icon in the header, if it is not open already. */
export async function openProfileMenu(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Profile' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** Follows a link of the profile menu (`API Keys`). */
export async function profileLink(page: Page, name: string): Promise<void> {
  await openProfileMenu(page);
  await page.getByRole('link', { name }).click();
}

/** Signs out from the profile menu, waiting for the sign-in form at /sign-in. */
export async function signOutFromMenu(page: Page): Promise<void> {
  await openProfileMenu(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  // The address says so too: not the page just left, which a reload would offer again.
  await page.waitForURL((url) => url.pathname === '/sign-in');
}
