import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, latestEmailTo, mailbox, outputs, signUpVerified, STRONG_PASSWORD, uniqueEmail } from '../support/api';

/**
 * The pages the local stack serves beside the API: the API reference
 * (/docs), the stand-ins for the dashboard pages the emails link to, and the
 * mailbox page. The browser checks need Debian's chromium
 * (`apt-get install -y chromium`; .ci/run installs it).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Like Java and moto, a prerequisite of `npm test`: missing, the suite says so rather than skipping.
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);

describe('the password-reset link', () => {
  it('opens a local page that sets the new password, with the equivalent curl command', async () => {
    const page = await fetch(`${outputs().api_url}/reset-password?token=abc`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="password"');
    expect(html).toContain('/v1/auth/password-reset/confirm');
  });
});

describe('API reference page', () => {
  it('serves the page and its assets from the local stack, pointed at the served document', async () => {
    const page = await fetch(`${outputs().api_url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.every((a) => a.startsWith('/docs/'))).toBe(true); // nothing from another origin
    for (const asset of assets) expect((await fetch(`${outputs().api_url}${asset}`)).status, asset).toBe(200);
    expect(await (await fetch(`${outputs().api_url}/docs/init.js`)).text()).toContain("url: '/v1/openapi.json'");
  });
});

describe('in a browser (chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the API reference from /v1/openapi.json, offline', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${outputs().api_url}/docs`);
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 15_000 }).toContain('Refonte Accounts API');
    await expect.poll(() => page.locator('.opblock-summary-path').count()).toBeGreaterThan(10);
    expect(requested).toContain(`${outputs().api_url}/v1/openapi.json`);
    expect(requested.filter((u) => !u.startsWith(outputs().api_url) && !u.startsWith('data:'))).toEqual([]);
  });

  it("finishes sign-up from the verification email's link", async () => {
    const email = uniqueEmail('link');
    await api('POST', '/v1/signup', {
      body: { email, password: STRONG_PASSWORD, name: 'Linda Link', company: 'Links', team_name: 'Linked' },
    });
    const link = /(http:\/\/\S+\/verify-email\?token=[\w-]+)/.exec((await latestEmailTo(email)).text)![1]!;
    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.locator('pre').textContent()).toContain('/v1/signup/verify');
    await page.getByRole('button', { name: 'Verify this email address' }).click();
    await expect.poll(() => page.locator('#result').textContent()).toContain('Done: 200');
    expect((await api('POST', '/v1/auth/token', { body: { email, password: STRONG_PASSWORD } })).status).toBe(200);
  });

  it("accepts an invitation from its email's link with a new account", async () => {
    const admin = await signUpVerified({ team_name: 'Inviters' });
    const invitee = uniqueEmail('invitee');
    await api('POST', '/v1/team/invitations', { token: admin.tokens.access_token, body: { email: invitee, role: 'member' } });
    const link = /(http:\/\/\S+\/accept-invitation\?token=[\w-]+)/.exec((await latestEmailTo(invitee)).text)![1]!;
    const page = await browser.newPage();
    await page.goto(link);
    await expect.poll(() => page.locator('#preview').textContent()).toContain('Join "Inviters" as member');
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByLabel('Name', { exact: true }).fill('Ivy Invitee');
    await page.getByLabel('Company').fill('Inviters');
    await page.getByRole('button', { name: 'Create my account and join' }).click();
    await expect.poll(() => page.locator('#result').textContent()).toContain('Done: 201');
    const members = await api('GET', '/v1/team/members', { token: admin.tokens.access_token });
    expect(members.body.items.map((m: { email: string }) => m.email)).toContain(invitee);
  });
});

describe('local pages without a token', () => {
  it('say to open the link from the email', async () => {
    for (const path of ['/verify-email', '/accept-invitation']) {
      const res = await fetch(`${outputs().api_url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('open the one from the email');
    }
  });
});

describe('mailbox', () => {
  it('lists emails in the same order as HTML and as JSON (oldest first)', async () => {
    await signUpVerified();
    const json = (await mailbox()) as Array<{ id: string }>;
    const html = await (await fetch(outputs().mailbox_url, { headers: { accept: 'text/html' } })).text();
    const htmlIds = [...html.matchAll(/<article data-id="([^"]+)"/g)].map((m) => m[1]);
    expect(htmlIds.length).toBeGreaterThan(0);
    // Emails may arrive between the two reads: compare the common prefix.
    expect(htmlIds.slice(0, json.length)).toEqual(json.map((e) => e.id).slice(0, htmlIds.length));
    expect(html).toContain('id="latest"');
  });
});
