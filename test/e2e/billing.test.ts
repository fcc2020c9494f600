import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { priceOf } from '../../shared/domain/task-types';
import { periodOf } from '../../shared/domain/billing-periods';
import { PDFDocument } from 'pdf-lib';
import { pdfPageTexts } from '../support/pdf-text';
import { api, latestEmailTo, outputs, signUpVerified, uniqueEmail } from '../support/api';

type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;
const as = (who: SignedUp) => who.tokens.id_token;
const support = () => ({ token: outputs().support_token });

async function withRole(admin: SignedUp, role: 'member' | 'manager') {
  const who = await signUpVerified({ name: `Ann ${role}`, team_name: 'Solo' });
  const attached = await api('POST', `/support/teams/${admin.team.id}/members`, { ...support(), body: { email: who.email, role, reason: 'e2e set-up' } });
  expect(attached.status).toBe(200);
  return who;
}

/** A task of the admin's team, created over HTTP and finished as the labeling team finishes it (support's route). */
async function finishedTask(admin: SignedUp, type: 'categorization' | 'transcription', environment: 'live' | 'test') {
  const task = await api('POST', '/v1/tasks', { token: as(admin), body: { type, params: {}, ...(environment === 'test' ? { environment } : {}) } });
  expect(task.status).toBe(201);
  expect(task.body.environment).toBe(environment);
  const done = await api('POST', `/support/tasks/${task.body.id}/complete`, { ...support(), body: { response: { done: true } } });
  expect(done.status).toBe(200);
  return task.body;
}

const paymentMethod = (overrides: Record<string, unknown> = {}) => ({
  processor_token: 'pm_1QxyzAbCdEfGh',
  brand: 'visa',
  last_four: '4242',
  exp_month: 12,
  exp_year: 2030,
  billing_email: uniqueEmail('billing'),
  cardholder_name: 'Ada Lovelace',
  ...overrides,
});

const devServerLog = () => path.join(inject('localStack').logDir, 'dev-server.log');

// Generous: the first call of each function is a cold start, and the machine is shared.
describe('billing over HTTP', { timeout: 120_000 }, () => {
  it('counts completed live tasks (each once) and never test tasks; close-period lists the invoice with its lines and document', async () => {
    const admin = await signUpVerified({ team_name: 'Bill & <Co>' });
    const before = await api('GET', '/v1/billing', { token: as(admin) });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ plan: 'on_demand', tasks_finished: 0, amount_accumulated: { amount: 0, currency: 'USD' }, payment_method: null });

    await finishedTask(admin, 'categorization', 'live');
    await finishedTask(admin, 'transcription', 'live');
    await finishedTask(admin, 'transcription', 'test');
    const total = priceOf('categorization').amount + priceOf('transcription').amount;
    const after = await api('GET', '/v1/billing', { token: as(admin) });
    expect(after.body).toMatchObject({
      tasks_finished: 2,
      amount_accumulated: { amount: total, currency: 'USD' },
      current_period: { period: periodOf(new Date()), tasks_finished: 2, amount: { amount: total, currency: 'USD' } },
    });

    const period = periodOf(new Date());
    const closed = await api('POST', '/support/billing/close-period', { ...support(), body: { period } });
    expect(closed.status).toBe(200);
    expect(closed.body.period).toBe(period);
    const invoices = await api('GET', '/v1/billing/invoices?limit=5', { token: as(admin) });
    expect(invoices.status).toBe(200);
    expect(invoices.body.items).toHaveLength(1);
    const invoice = invoices.body.items[0];
    expect(invoice).toMatchObject({ period, tasks_finished: 2, amount: { amount: total, currency: 'USD' }, status: 'issued' });
    expect(invoice.line_items).toEqual([
      { task_type: 'categorization', tasks_finished: 1, amount: { amount: priceOf('categorization').amount, currency: 'USD' } },
      { task_type: 'transcription', tasks_finished: 1, amount: { amount: priceOf('transcription').amount, currency: 'USD' } },
    ]);
    expect((await api('GET', `/v1/billing/invoices/${invoice.id}`, { token: as(admin) })).body).toEqual(invoice);
    expect((await api('GET', '/v1/billing', { token: as(admin) })).body.recent_invoices).toEqual([invoice]);

    const doc = await api('GET', `/v1/billing/invoices/${invoice.id}/document`, { token: as(admin) });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toMatch(/^text\/html/);
    expect(doc.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(doc.body).toContain(invoice.id);
    expect(doc.body).toContain('Bill &amp; &lt;Co&gt;');
    expect(doc.body).not.toContain('<Co>');

    // The same invoice as a PDF, through the gateway's binary path (base64 from the function, bytes on the wire).
    const pdf = await fetch(`${outputs().api_url}/v1/billing/invoices/${invoice.id}/document`, {
      headers: { authorization: `Bearer ${as(admin)}`, accept: 'application/pdf' },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('vary')).toBe('accept');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const loaded = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(loaded.getTitle()).toBe(`Invoice ${invoice.id} — Refonte AI`);
    expect((await pdfPageTexts(bytes)).flat()).toEqual(expect.arrayContaining([invoice.id, 'Bill & <Co>', 'categorization', 'transcription']));
    // An Accept that allows neither document type: 406 with the contract's body.
    const refused = await api('GET', `/v1/billing/invoices/${invoice.id}/document`, { token: as(admin), headers: { accept: 'application/json' } });
    expect(refused.status).toBe(406);
    expect(refused.body.error).toMatchObject({ code: 'not_acceptable', details: [{ available: ['text/html', 'application/pdf'] }] });

    // Idempotent: a second close issues nothing for this team.
    await api('POST', '/support/billing/close-period', { ...support(), body: { period } });
    expect((await api('GET', '/v1/billing/invoices', { token: as(admin) })).body.items).toHaveLength(1);
    const log = await api('GET', '/v1/team/audit-log?limit=20', { token: as(admin) });
    expect(log.body.items.filter((e: { action: string }) => e.action === 'invoice.issued')).toHaveLength(1);

    // Another team's invoice is not found; so is a made-up id.
    const stranger = await signUpVerified();
    expect((await api('GET', `/v1/billing/invoices/${invoice.id}`, { token: as(stranger) })).status).toBe(404);
    expect((await api('GET', `/v1/billing/invoices/${invoice.id}/document`, { token: as(stranger) })).status).toBe(404);
    expect((await api('GET', '/v1/billing/invoices/invc_nope', { token: as(admin) })).status).toBe(404);
  });

  it('refuses a future or malformed period', async () => {
    const future = await api('POST', '/support/billing/close-period', { ...support(), body: { period: '2999-01' } });
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('validation_failed');
    expect((await api('POST', '/support/billing/close-period', { ...support(), body: { period: '2026-13' } })).status).toBe(400);
  });

  it('emails an enterprise team its invoice (text and HTML) after support sets the plan, audited', async () => {
    const admin = await signUpVerified();
    const method = paymentMethod();
    expect((await api('PUT', '/v1/billing/payment-method', { token: as(admin), body: method })).status).toBe(200);
    const plan = await api('POST', `/support/teams/${admin.team.id}/plan`, { ...support(), body: { plan: 'enterprise', reason: 'signed a contract' } });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ id: admin.team.id, plan: 'enterprise' });
    expect((await api('POST', '/support/teams/team_nope/plan', { ...support(), body: { plan: 'enterprise', reason: 'x' } })).status).toBe(404);

    await finishedTask(admin, 'categorization', 'live');
    const closed = await api('POST', '/support/billing/close-period', { ...support(), body: { period: periodOf(new Date()) } });
    expect(closed.status).toBe(200);
    const email = await latestEmailTo(method.billing_email);
    expect(email.subject).toContain(periodOf(new Date()));
    expect(email.text).toContain('$0.06'.replace('0.06', (priceOf('categorization').amount / 100).toFixed(2)));
    expect(email.html).toContain('<p>');
    const billing = await api('GET', '/v1/billing', { token: as(admin) });
    expect(billing.body.plan).toBe('enterprise');
    const actions = (await api('GET', '/v1/team/audit-log?limit=20', { token: as(admin) })).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['team.plan_changed', 'invoice.issued', 'payment_method.updated']));
  });

  it('lets managers read billing but not change it, members neither; the admin sets the payment method', async () => {
    const admin = await signUpVerified();
    const manager = await withRole(admin, 'manager');
    const member = await withRole(admin, 'member');
    for (const path of ['/v1/billing', '/v1/billing/invoices']) {
      expect((await api('GET', path, { token: as(member) })).status).toBe(403);
      expect((await api('GET', path, { token: as(manager) })).status).toBe(200);
    }
    expect((await api('PUT', '/v1/billing/payment-method', { token: as(member), body: paymentMethod() })).status).toBe(403);
    expect((await api('PUT', '/v1/billing/payment-method', { token: as(manager), body: paymentMethod() })).status).toBe(403);
    const method = paymentMethod();
    const put = await api('PUT', '/v1/billing/payment-method', { token: as(admin), body: method });
    expect(put.status).toBe(200);
    const { processor_token: _token, ...shown } = method;
    expect(put.body.payment_method).toMatchObject(shown);
    expect(JSON.stringify(put.body)).not.toContain(method.processor_token);
    expect((await api('GET', '/v1/billing', { token: as(manager) })).body.payment_method).toMatchObject(shown);
    expect((await api('PUT', '/v1/billing/payment-method', { token: as(admin), body: { ...method, cvv: '123' } })).status).toBe(400);
  });

  it('refuses a card number anywhere in the body: nothing stored, nothing in any log line', async () => {
    const admin = await signUpVerified();
    const logBefore = statSync(devServerLog()).size;
    const bodies = [
      JSON.stringify(paymentMethod({ cardholder_name: 'Ada 4242 4242 4242 4242' })),
      JSON.stringify(paymentMethod({ processor_token: '4000056655665556' })),
      JSON.stringify({ ...paymentMethod(), card_number: '5555-5555-5555-4444' }),
      JSON.stringify(paymentMethod({ exp_year: 378282246310005 })),
      '{"brand":"\\u0034242424242424242"}',
    ];
    const requestIds: string[] = [];
    for (const rawBody of bodies) {
      const res = await api('PUT', '/v1/billing/payment-method', { token: as(admin), rawBody, headers: { 'content-type': 'application/json' } });
      expect(res.status, rawBody).toBe(400);
      expect(res.body.error.code).toBe('raw_card_number_refused');
      expect(JSON.stringify(res.body)).not.toMatch(/\d{13}/);
      requestIds.push(res.headers.get('x-request-id')!);
    }
    expect((await api('GET', '/v1/billing', { token: as(admin) })).body.payment_method).toBeNull();
    const actions = (await api('GET', '/v1/team/audit-log', { token: as(admin) })).body.items.map((e: { action: string }) => e.action);
    expect(actions).not.toContain('payment_method.updated');

    // Every line the dev server and its functions logged since: those requests' lines are there, and no digit run of card length anywhere.
    let logged = '';
    for (let i = 0; i < 100 && !requestIds.every((id) => logged.includes(id)); i++) {
      logged = readFileSync(devServerLog()).subarray(logBefore).toString('utf8');
      if (!requestIds.every((id) => logged.includes(id))) await new Promise((r) => setTimeout(r, 100));
    }
    for (const id of requestIds) expect(logged, `no log line of request ${id}`).toContain(id);
    // Those requests' lines only: other tests log at the same time (epoch milliseconds are 13 digits).
    const theirLines = logged.split('\n').filter((line) => requestIds.some((id) => line.includes(id)));
    expect(theirLines.length).toBeGreaterThan(0);
    // Request ids are random UUIDs: their dash-separated hex groups can read as a 13-digit run by chance.
    const withoutUuids = (line: string) => line.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
    for (const line of theirLines) expect(withoutUuids(line)).not.toMatch(/\d(?:[ -]?\d){12,18}/);
  });
});
