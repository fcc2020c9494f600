import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's chromium, headless, driven by playwright-core (no browser
 * download): one browser per test file. The
 * flags keep it off the network it cannot reach here (background services,
 * QUIC, component updates).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Like Java and moto, a prerequisite of `npm test`: missing, the suite says so rather than skipping.
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright gives each launch a fresh, empty profile (a temporary user-data-dir) and removes it on close. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the
 * page's CSP still applies to the page itself) and fails on any serious or
 * critical violation, naming each.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const page = globalThis as any;
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  expect(serious, `axe on ${name}`).toEqual([]);
}

export const SCREENSHOT_DIR = path.join(process.cwd(), 'docs', 'screenshots');

/** The pages the README shows (committed; .gitignore lets these three in). */
const COMMITTED = new Set(['team-admin', 'task-detail', 'billing']);

/**
 * Photographs the page into docs/screenshots/. The README's three are
 * rewritten only when asked (`UPDATE_SCREENSHOTS=1 npm test`), so a test run
 * leaves the tree as it found it; they are still taken, so a page that cannot
 * be photographed fails either way.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const keep = !COMMITTED.has(name) || process.env.UPDATE_SCREENSHOTS === '1';
  await page.screenshot({ ...(keep ? { path: path.join(SCREENSHOT_DIR, `${name}.png`) } : {}), fullPage: true });
}
