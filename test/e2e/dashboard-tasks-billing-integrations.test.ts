import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { periodOf } from '../../shared/domain/billing-periods';
import { api, outputs, signUpVerified, STRONG_PASSWORD, uniqueEmail } from '../support/api';
import { expectAccessible, launchChromium, screenshot } from '../support/browser';
import { CallbackReceiver } from '../support/callback-receiver';
import { openDashboard, openProfileMenu, signInThroughForm, type DashboardSession } from '../support/dashboard';

/**
 * The dashboard's Tasks, Billing and Integrations pages in a browser, as
 * the admin, a manager and a member of one team, against the local stack:
 * what each role is offered is what the API allows. Each page is scanned
 * with axe-core and photographed (docs/screenshots/).
 */
type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;
let browser: Browser;
let receiver: CallbackReceiver;
let admin: SignedUp;
let manager: SignedUp;
let member: SignedUp;
/** The live task with its own callback URL, finished by support: it has a callback attempt, and it is billed. */
let calledBack: { id: string; unique_id: string };
const sessions: DashboardSession[] = [];

const STEP = { timeout: 180_000 };
const POLL = { timeout: 30_000, interval: 250 };
const token = (who: SignedUp) => who.tokens.access_token;
const support = () => ({ token: outputs().support_token });
const aws = () => ({ endpoint: outputs().aws_endpoint, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' }, forcePathStyle: true });

async function withRole(role: 'member' | 'manager'): Promise<SignedUp> {
  const who = await signUpVerified({ name: `Dash ${role}`, team_name: 'Solo' });
  const attached = await api('POST', `/support/teams/${admin.team.id}/members`, { ...support(), body: { email: who.email, role, reason: 'e2e set-up' } });
  expect(attached.status).toBe(200);
  return who;
}

beforeAll(async () => {
  browser = await launchChromium();
  receiver = await CallbackReceiver.start();
  admin = await signUpVerified({ team_name: `Pages ${Date.now().toString(36)}` });
  [manager, member] = await Promise.all([withRole('manager'), withRole('member')]);
  // Eleven pending tasks (one more than a page), then one finished by support with its own callback URL.
  const created = await Promise.all(
    Array.from({ length: 11 }, (_, i) => api('POST', '/v1/tasks', { token: token(admin), body: { type: 'categorization', params: { n: i }, unique_id: `order-${i}` } })),
  );
  expect(created.map((r) => r.status)).toEqual(Array(11).fill(201));
  const task = await api('POST', '/v1/tasks', {
    token: token(admin),
    body: { type: 'categorization', params: { text: 'a cat' }, unique_id: 'called-back', callback_url: receiver.on('/dash', () => 200) },
  });
  expect(task.status).toBe(201);
  calledBack = task.body;
  const done = await api('POST', `/support/tasks/${calledBack.id}/complete`, { ...support(), body: { response: { label: 'cat' } } });
  expect(done.status).toBe(200);
  await vi.waitFor(async () => expect((await api('GET', `/v1/tasks/${calledBack.id}`, { token: token(admin) })).body.callback_status).toBe('succeeded'), POLL);
}, 240_000);
afterAll(async () => {
  for (const s of sessions) expect(s.problems, 'page errors').toEqual([]);
  await receiver?.close();
  await browser?.close();
});

async function signedIn(who: SignedUp, at = '/'): Promise<Page> {
  const session = await openDashboard(browser, at);
  sessions.push(session);
  await signInThroughForm(session.page, who.email, STRONG_PASSWORD);
  return session.page;
}

async function page(name: string, p: Page): Promise<void> {
  await expectAccessible(p, name);
  await screenshot(p, name);
}

const heading = (p: Page, name: string | RegExp) => p.getByRole('heading', { level: 1, name }).waitFor();
const row = (p: Page, text: string | RegExp) => p.getByRole('row').filter({ hasText: text });
const nav = (p: Page) => p.getByRole('navigation', { name: 'Main' });
const navLinks = async (p: Page) => (await nav(p).getByRole('link').allTextContents()).sort();
const taskRows = (p: Page) => p.getByRole('row').filter({ has: p.getByRole('link') });

describe('the admin', STEP, () => {
  let p: Page;
  beforeAll(async () => {
    p = await signedIn(admin);
  }, 120_000);

  it('is offered every page: Tasks, Billing, Integrations in the nav; API Keys and Sign out under the profile icon', async () => {
    expect(await navLinks(p)).toEqual(['Billing', 'Integrations', 'Tasks', 'Your Team']);
    await openProfileMenu(p);
    await p.getByRole('banner').getByText(admin.email).waitFor();
    await p.getByRole('link', { name: 'API Keys' }).waitFor();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    await page('profile-menu', p);
    // A click elsewhere closes it.
    await p.getByRole('heading', { level: 1 }).click();
    await p.getByRole('link', { name: 'API Keys' }).waitFor({ state: 'hidden' });
  });

  it('lists the tasks a page at a time, filters them, and refuses a malformed filter in words beside it', async () => {
    await nav(p).getByRole('link', { name: 'Tasks' }).click();
    await heading(p, 'Tasks');
    await expect.poll(() => taskRows(p).count(), POLL).toBe(10);
    // Newest first: the finished task, created last, heads the list.
    expect(await taskRows(p).first().textContent()).toContain('called-back');
    await page('tasks', p);
    await p.getByRole('navigation', { name: 'Tasks pages' }).getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => taskRows(p).count(), POLL).toBe(2);

    await p.getByLabel('Status').selectOption('completed');
    await p.getByRole('button', { name: 'Apply filters' }).click();
    await p.getByRole('heading', { name: 'Matching tasks' }).waitFor();
    await expect.poll(() => taskRows(p).allTextContents(), POLL).toEqual([expect.stringContaining('called-back')]);
    expect(new URL(p.url()).searchParams.get('status')).toBe('completed');

    await p.getByLabel('Status').selectOption('any');
    await p.getByLabel('Unique ID').fill('order-3');
    await p.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => taskRows(p).allTextContents(), POLL).toEqual([expect.stringContaining('order-3')]);

    await p.getByLabel('Unique ID').fill('');
    await p.getByLabel('Project').fill('not/a/project');
    await p.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => p.getByLabel('Project').getAttribute('aria-invalid'), POLL).toBe('true');
    expect(await p.getByRole('alert').first().textContent()).toMatch(/project/i);
    expect(await p.locator('main').textContent()).not.toContain('{"error"');
    await p.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => taskRows(p).count(), POLL).toBe(10);
  });

  it("opens a task's detail with its response and callback attempts, and redelivers its callback", async () => {
    await taskRows(p).getByRole('link', { name: 'called-back' }).click();
    await heading(p, 'Task called-back');
    await p.getByText('"label": "cat"').waitFor();
    await row(p, 'HTTP 200').waitFor();
    await page('task-detail', p);

    await p.getByRole('button', { name: 'Redeliver callback' }).click();
    await p.getByText(/Redelivery queued/).waitFor();
    await receiver.nth('/dash', 2, 20_000);
    await expect
      .poll(async () => {
        await p.getByRole('button', { name: 'Refresh attempts' }).click();
        return row(p, 'HTTP 200').count();
      }, POLL)
      .toBe(2);

    // A pending task never had a callback: the API's refusal, in words, beside the button.
    await p.getByRole('link', { name: 'All tasks' }).click();
    // Created together, the pending tasks come in any order: found by their unique_id.
    await p.getByLabel('Unique ID').fill('order-10');
    await p.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => taskRows(p).count(), POLL).toBe(1);
    await taskRows(p).getByRole('link', { name: 'order-10' }).click();
    await heading(p, 'Task order-10');
    await p.getByText('No callback was sent for this task yet.').waitFor();
    await p.getByRole('button', { name: 'Redeliver callback' }).click();
    const refusal = (await p.getByRole('alert').first().textContent())!;
    expect(refusal).toMatch(/callback/i);
    expect(refusal).not.toContain('{');
  });

  it('sees the totals and the invoice, downloads its document, and has a card number refused beside the token field', async () => {
    const period = periodOf(new Date());
    const closed = await api('POST', '/support/billing/close-period', { ...support(), body: { period } });
    expect(closed.status).toBe(200);
    const invoice = (await api('GET', '/v1/billing/invoices', { token: token(admin) })).body.items[0];
    expect(invoice).toMatchObject({ period, tasks_finished: 1 });

    await nav(p).getByRole('link', { name: 'Billing' }).click();
    await heading(p, 'Billing');
    const usage = p.getByRole('region', { name: 'Usage' });
    await usage.getByText('Tasks finished', { exact: true }).waitFor();
    expect(await usage.textContent()).toMatch(/Tasks finished\s*1/);
    await row(p, period).waitFor();
    const [download] = await Promise.all([p.waitForEvent('download'), row(p, period).getByRole('button', { name: `Download invoice ${period}` }).click()]);
    expect(download.suggestedFilename()).toBe(`refonte-invoice-${period}-${invoice.id}.html`);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain(`<dd>${invoice.id}</dd>`);

    await p.getByText('No payment method yet.').waitFor();
    const fill = async (values: Record<string, string>) => {
      for (const [label, value] of Object.entries(values)) await p.getByLabel(label, { exact: true }).fill(value);
    };
    await fill({
      'Processor token': '4242424242424242',
      'Card brand': 'visa',
      'Last four digits': '4242',
      'Expiry month': '12',
      'Expiry year': '2030',
      'Cardholder name': 'Ada Lovelace',
      'Billing email': uniqueEmail('billing'),
    });
    await p.getByRole('button', { name: 'Save payment method' }).click();
    const tokenField = p.getByLabel('Processor token', { exact: true });
    await expect.poll(() => tokenField.getAttribute('aria-invalid'), POLL).toBe('true');
    const describedBy = (await tokenField.getAttribute('aria-describedby'))!.split(' ').at(-1)!;
    expect(await p.locator(`[id="${describedBy}"]`).textContent()).toMatch(/card number/i);

    await fill({ 'Processor token': 'pm_1QxyzAbCdEfGh' });
    await p.getByRole('button', { name: 'Save payment method' }).click();
    await p.getByText('Payment method saved.').waitFor();
    await p.getByText(/visa ending in 4242, expires 12\/2030/).waitFor();
    await page('billing', p);
  });

  it('adds S3 storage with its fields, verifies it, sees a failing one explained, and deletes with a confirm step', async () => {
    const bucket = `dash-${randomBytes(5).toString('hex')}`;
    await new S3Client(aws()).send(new CreateBucketCommand({ Bucket: bucket }));
    await nav(p).getByRole('link', { name: 'Integrations' }).click();
    await heading(p, 'Integrations');
    await p.getByText('No storage connected yet.').waitFor();

    // Each provider brings its own fields.
    await p.getByLabel('Provider', { exact: true }).selectOption('azure_blob');
    for (const label of ['Storage account', 'Blob container', 'Container SAS token']) await p.getByLabel(label, { exact: true }).waitFor();
    await p.getByLabel('Provider', { exact: true }).selectOption('gcp_gcs');
    for (const label of ['Cloud Storage bucket', 'Workload identity provider (keyless)', 'Service account email (keyless)']) await p.getByLabel(label, { exact: true }).waitFor();
    await p.getByLabel('Provider', { exact: true }).selectOption('aws_s3');

    const addS3 = async (name: string) => {
      await p.getByLabel('S3 bucket').fill(name);
      await p.getByLabel('AWS region').fill('us-east-1');
      await p.getByLabel('IAM role ARN').fill('arn:aws:iam::210987654321:role/refonte-access');
      await p.getByRole('button', { name: 'Add AWS S3' }).click();
    };
    await addS3('Not_A_Bucket');
    await expect.poll(() => p.getByLabel('S3 bucket').getAttribute('aria-invalid'), POLL).toBe('true');

    await addS3(bucket);
    await row(p, bucket).waitFor();
    await p.getByText(/grant what it needs/).waitFor();
    await row(p, bucket).getByText('What to grant').click();
    await row(p, bucket).getByText('Trust policy').waitFor();
    await row(p, bucket).getByRole('button', { name: 'Verify' }).click();
    await row(p, bucket).getByText(/^Verified: /).waitFor({ timeout: 60_000 });

    const gone = `gone-${randomBytes(5).toString('hex')}`;
    await addS3(gone);
    await row(p, gone).getByRole('button', { name: 'Verify' }).click();
    await row(p, gone).getByText(/^Not verified: could not /).waitFor({ timeout: 60_000 });
    await page('integrations', p);

    await row(p, gone).getByRole('button', { name: 'Delete' }).click();
    await row(p, gone).getByText(/Its credential is deleted too/).waitFor();
    await row(p, gone).getByRole('button', { name: 'Delete integration' }).click();
    await row(p, gone).waitFor({ state: 'detached' });
    expect((await api('GET', '/v1/integrations', { token: token(admin) })).body.items.map((i: { bucket: string }) => i.bucket)).toEqual([bucket]);
  });
});

describe('the manager', STEP, () => {
  it('is offered Billing without the payment form, Integrations, and Redeliver', async () => {
    const p = await signedIn(manager);
    expect(await navLinks(p)).toEqual(['Billing', 'Integrations', 'Tasks', 'Your Team']);
    await nav(p).getByRole('link', { name: 'Billing' }).click();
    await heading(p, 'Billing');
    await p.getByText("Only the team's admin changes the payment method.").waitFor();
    await p.getByText(/visa ending in 4242/).waitFor();
    expect(await p.getByRole('button', { name: 'Save payment method' }).count()).toBe(0);
    await page('billing-manager', p);
    // Not offered, and still refused.
    const card = { processor_token: 'pm_1QxyzAbCdEfGh', brand: 'visa', last_four: '1111', exp_month: 1, exp_year: 2031, billing_email: uniqueEmail('b'), cardholder_name: 'M' };
    expect((await api('PUT', '/v1/billing/payment-method', { token: token(manager), body: card })).status).toBe(403);

    await nav(p).getByRole('link', { name: 'Integrations' }).click();
    await heading(p, 'Integrations');
    await p.getByRole('row').filter({ has: p.getByRole('button', { name: 'Verify' }) }).first().waitFor();

    await nav(p).getByRole('link', { name: 'Tasks' }).click();
    await taskRows(p).getByRole('link', { name: 'called-back' }).click();
    await heading(p, 'Task called-back');
    await p.getByRole('button', { name: 'Redeliver callback' }).waitFor();
  });
});

describe('the member', STEP, () => {
  it('is offered Tasks but no Billing, Integrations, API Keys or Redeliver; the API refuses them all the same', async () => {
    const p = await signedIn(member);
    expect(await navLinks(p)).toEqual(['Tasks', 'Your Team']);
    await openProfileMenu(p);
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await p.getByRole('link', { name: 'API Keys' }).count()).toBe(0);
    await p.keyboard.press('Escape');

    await nav(p).getByRole('link', { name: 'Tasks' }).click();
    await heading(p, 'Tasks');
    await expect.poll(() => taskRows(p).count(), POLL).toBe(10);
    await page('tasks-member', p);
    await taskRows(p).getByRole('link', { name: 'called-back' }).click();
    await heading(p, 'Task called-back');
    await row(p, 'HTTP 200').first().waitFor();
    expect(await p.getByRole('button', { name: 'Redeliver callback' }).count()).toBe(0);
    await page('task-detail-member', p);

    for (const path of ['/v1/billing', '/v1/billing/invoices', '/v1/integrations']) {
      expect((await api('GET', path, { token: token(member) })).status, path).toBe(403);
    }
    expect((await api('POST', `/v1/tasks/${calledBack.id}/callbacks/redeliver`, { token: token(member) })).status).toBe(403);
  });
});
