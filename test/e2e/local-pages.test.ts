import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailbox, outputs, signUpVerified } from '../support/api';
import { launchChromium } from '../support/browser';

/**
 * The pages the local stack serves beside the API: the API reference
 * (/docs) and the mailbox page. (The emails' links open the dashboard's own
 * pages: test/e2e/dashboard-journey.test.ts.) The browser checks need
 * Debian's chromium (`apt-get install -y chromium`; .ci/run installs it).
 */

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
    browser = await launchChromium();
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
