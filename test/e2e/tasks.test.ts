import { describe, expect, it } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';

type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const support = () => bearer(outputs().support_token);
const asUser = (who: SignedUp) => bearer(who.tokens.id_token);

async function keyOf(admin: SignedUp, environment: 'live' | 'test'): Promise<string> {
  const res = await api('POST', '/v1/api-keys', { headers: asUser(admin), body: { environment } });
  expect(res.status).toBe(201);
  return res.body.key;
}

async function create(headers: Record<string, string>, body: Record<string, unknown>) {
  return api('POST', '/v1/tasks', { headers, body: { type: 'categorization', params: { text: 'a cat?' }, ...body } });
}

describe('projects over HTTP', { timeout: 90_000 }, () => {
  it('creates a project (201), refuses the same name (409), and derives qualified_name from the team\'s current name', async () => {
    const admin = await signUpVerified({ team_name: 'Engines' });
    const created = await api('POST', '/v1/projects', { headers: asUser(admin), body: { name: 'receipts' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'receipts', qualified_name: 'Engines/receipts', id: expect.stringMatching(/^proj_/) });
    const again = await api('POST', '/v1/projects', { headers: asUser(admin), body: { name: 'receipts' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('project_exists');

    expect((await api('PATCH', '/v1/team', { headers: asUser(admin), body: { name: 'Engines Ltd' } })).status).toBe(200);
    const read = await api('GET', '/v1/projects/receipts', { headers: asUser(admin) });
    expect(read.status).toBe(200);
    expect(read.body.qualified_name).toBe('Engines Ltd/receipts');
    const list = await api('GET', '/v1/projects', { headers: asUser(admin) });
    expect(list.body).toEqual({ items: [read.body], next_token: null });
  });

  it('validates names, and an API key manages projects too; another team\'s project is 404', async () => {
    const admin = await signUpVerified();
    for (const name of ['', 'a/b', 'x'.repeat(101), 'zero\u200bwidth']) {
      const res = await api('POST', '/v1/projects', { headers: asUser(admin), body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const key = await keyOf(admin, 'live');
    expect((await api('POST', '/v1/projects', { headers: basic(key), body: { name: 'by key' } })).status).toBe(201);
    expect((await api('GET', `/v1/projects/${encodeURIComponent('by key')}`, { headers: bearer(key) })).status).toBe(200);
    const other = await signUpVerified({ team_name: 'Elsewhere' });
    expect((await api('GET', `/v1/projects/${encodeURIComponent('by key')}`, { headers: asUser(other) })).status).toBe(404);
  });
});

describe('tasks over HTTP', { timeout: 90_000 }, () => {
  it('creates (201), reads, amends and cancels a task; then amend and cancel are 409 task_not_pending', async () => {
    const admin = await signUpVerified();
    expect((await api('POST', '/v1/projects', { headers: asUser(admin), body: { name: 'cats' } })).status).toBe(201);
    const created = await create(asUser(admin), { project: 'cats', instruction: 'Is it a cat?', metadata: { batch: 7 }, unique_id: 'u-1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^task_/),
      type: 'categorization',
      project: 'cats',
      status: 'pending',
      environment: 'live',
      params: { text: 'a cat?' },
      metadata: { batch: 7 },
      unique_id: 'u-1',
      callback_url: null,
      completed_at: null,
      response: null,
      callback_status: 'none',
    });
    const id = created.body.id;
    const read = await api('GET', `/v1/tasks/${id}`, { headers: asUser(admin) });
    expect(read.body).toEqual(created.body);

    const amended = await api('PATCH', `/v1/tasks/${id}`, { headers: asUser(admin), body: { instruction: 'Cat or dog?', params: { text: 'b' } } });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ instruction: 'Cat or dog?', params: { text: 'b' }, metadata: { batch: 7 } });
    expect((await api('PATCH', `/v1/tasks/${id}`, { headers: asUser(admin), body: {} })).status).toBe(400);

    const canceled = await api('POST', `/v1/tasks/${id}/cancel`, { headers: asUser(admin) });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    for (const res of [
      await api('PATCH', `/v1/tasks/${id}`, { headers: asUser(admin), body: { instruction: 'late' } }),
      await api('POST', `/v1/tasks/${id}/cancel`, { headers: asUser(admin) }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('task_not_pending');
    }
  });

  it('refuses bad input with the contract\'s codes, writing nothing', async () => {
    const admin = await signUpVerified();
    const unknown = await create(asUser(admin), { type: 'astrology' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_task_type');
    const big = await create(asUser(admin), { params: { blob: 'x'.repeat(64 * 1024) } });
    expect(big.status).toBe(400);
    expect(big.body.error.code).toBe('validation_failed');
    expect((await create(asUser(admin), { project: 'never-made' })).status).toBe(400);
    expect((await create(asUser(admin), { callback_url: 'https://169.254.169.254/' })).body.error.code).toBe('callback_url_not_allowed');
    expect((await create(asUser(admin), { status: 'completed' })).status).toBe(400);
    expect((await api('GET', '/v1/tasks', { headers: asUser(admin) })).body.items).toEqual([]);
  });

  it('a second create with the same unique_id is 409 duplicate_unique_id naming the first task', async () => {
    const admin = await signUpVerified();
    const first = await create(asUser(admin), { unique_id: 'order-1' });
    const second = await create(asUser(admin), { unique_id: 'order-1' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'duplicate_unique_id', details: [{ task_id: first.body.id }] });
  });

  it('API keys (Basic and Bearer) act for their team in their own environment; users create live unless they ask for test', async () => {
    const admin = await signUpVerified();
    const live = await keyOf(admin, 'live');
    const test = await keyOf(admin, 'test');
    const byLive = await create(basic(live), {});
    expect(byLive.status).toBe(201);
    expect(byLive.body.environment).toBe('live');
    const byTest = await create(bearer(test), {});
    expect(byTest.body.environment).toBe('test');
    const clash = await create(bearer(test), { environment: 'live' });
    expect(clash.status).toBe(400);
    expect(clash.body.error.code).toBe('validation_failed');
    expect((await create(asUser(admin), { environment: 'test' })).body.environment).toBe('test');

    // A key sees its own environment's tasks only; the user sees both.
    expect((await api('GET', `/v1/tasks/${byLive.body.id}`, { headers: bearer(test) })).status).toBe(404);
    expect((await api('GET', `/v1/tasks/${byLive.body.id}`, { headers: basic(live) })).status).toBe(200);
    const keyList = await api('GET', '/v1/tasks', { headers: basic(live) });
    expect(keyList.body.items.map((t: { id: string }) => t.id)).toEqual([byLive.body.id]);
    expect((await api('GET', '/v1/tasks?environment=test', { headers: basic(live) })).status).toBe(400);
    expect((await api('GET', '/v1/tasks', { headers: asUser(admin) })).body.items).toHaveLength(3);
  });

  it("another team's task is 404 on every task route", async () => {
    const admin = await signUpVerified();
    const task = await create(asUser(admin), {});
    const other = await signUpVerified({ team_name: 'Elsewhere' });
    const id = task.body.id;
    for (const [method, path, body] of [
      ['GET', `/v1/tasks/${id}`],
      ['PATCH', `/v1/tasks/${id}`, { instruction: 'mine now' }],
      ['POST', `/v1/tasks/${id}/cancel`],
      ['GET', `/v1/tasks/${id}/callbacks`],
      ['POST', `/v1/tasks/${id}/callbacks/redeliver`],
    ] as const) {
      const res = await api(method, path, { headers: asUser(other), body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await api('GET', `/v1/tasks/${id}`, { headers: asUser(admin) })).body.status).toBe('pending');
  });

  it('lists newest first over pages, with filters, and refuses a forged or foreign cursor', async () => {
    const admin = await signUpVerified();
    expect((await api('POST', '/v1/projects', { headers: asUser(admin), body: { name: 'p' } })).status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await create(asUser(admin), i % 2 ? { project: 'p' } : { unique_id: `uid-${i}` })).body.id);
    await api('POST', `/v1/tasks/${ids[0]}/cancel`, { headers: asUser(admin) });

    const seen: string[] = [];
    let token: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; next_token: string | null } } = await api(
        'GET',
        `/v1/tasks?limit=3${token ? `&next_token=${token}` : ''}`,
        { headers: asUser(admin) },
      );
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((t) => t.id));
      token = page.body.next_token;
    } while (token);
    expect(seen).toEqual([...ids].reverse());

    const inProject = await api('GET', '/v1/tasks?project=p', { headers: asUser(admin) });
    expect(inProject.body.items.map((t: { id: string }) => t.id)).toEqual([ids[5], ids[3], ids[1]]);
    const canceled = await api('GET', '/v1/tasks?status=canceled', { headers: asUser(admin) });
    expect(canceled.body.items.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
    const byUid = await api('GET', '/v1/tasks?unique_id=uid-2', { headers: asUser(admin) });
    expect(byUid.body).toEqual({ items: [expect.objectContaining({ id: ids[2] })], next_token: null });

    const first = await api('GET', '/v1/tasks?limit=2', { headers: asUser(admin) });
    const other = await signUpVerified({ team_name: 'Elsewhere' });
    const foreign = await api('GET', `/v1/tasks?next_token=${first.body.next_token}`, { headers: asUser(other) });
    expect(foreign.status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ team: admin.team.id, pos: ['x'] })).toString('base64url');
    expect((await api('GET', `/v1/tasks?next_token=${forged}`, { headers: asUser(admin) })).status).toBe(400);
  });
});

describe('completion and callbacks over HTTP', { timeout: 90_000 }, () => {
  it('support completes a live task (200), once (409); the callback is pending and can be redelivered (202)', async () => {
    const admin = await signUpVerified();
    expect((await api('PATCH', '/v1/team', { headers: asUser(admin), body: { callback_url: 'https://hooks.example.com/refonte' } })).status).toBe(200);
    const task = await create(asUser(admin), {});
    const never = await api('POST', `/v1/tasks/${task.body.id}/callbacks/redeliver`, { headers: asUser(admin) });
    expect(never.status).toBe(409);
    expect(never.body.error.code).toBe('no_callback_delivery');

    const done = await api('POST', `/support/tasks/${task.body.id}/complete`, { headers: support(), body: { response: { category: 'cat' } } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: task.body.id, status: 'completed', response: { category: 'cat' }, callback_status: 'pending' });
    expect(done.body.completed_at).toEqual(expect.any(String));
    const twice = await api('POST', `/support/tasks/${task.body.id}/complete`, { headers: support(), body: { response: {} } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('task_not_pending');
    expect((await api('POST', '/support/tasks/task_unknown/complete', { headers: support(), body: { response: {} } })).status).toBe(404);

    const redelivered = await api('POST', `/v1/tasks/${task.body.id}/callbacks/redeliver`, { headers: asUser(admin) });
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ task_id: task.body.id, delivery_id: expect.stringMatching(/^msg_/), callback_status: 'pending' });
    const attempts = await api('GET', `/v1/tasks/${task.body.id}/callbacks`, { headers: asUser(admin) });
    expect(attempts.status).toBe(200);
    expect(attempts.body).toMatchObject({ items: expect.any(Array), next_token: null });
    const log = await api('GET', '/v1/team/audit-log', { headers: asUser(admin) });
    expect(log.body.items[0]).toMatchObject({ action: 'task.callback_redelivered', target: { type: 'task', id: task.body.id } });
  });
});
