import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';
import { CallbackReceiver, type ReceivedCallback } from '../support/callback-receiver';

/**
 * Callbacks over HTTP, as a customer meets them: a receiver on loopback
 * (allowed on the local stack only), a test key's task completed by the
 * platform, a live task completed by support, a redelivery — each verified
 * with the npm standardwebhooks library exactly as a receiver would.
 */
let receiver: CallbackReceiver;
let admin: Awaited<ReturnType<typeof signUpVerified>>;
let keys: { live: string; test: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const taskIdOf = (r: ReceivedCallback) => (JSON.parse(r.body) as { task_id: string }).task_id;

function verify(request: ReceivedCallback, key: string): unknown {
  return new Webhook(`whsec_${Buffer.from(key, 'utf8').toString('base64')}`).verify(request.body, request.headers as Record<string, string>);
}

async function callbackStatus(taskId: string, status: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const task = await api('GET', `/v1/tasks/${taskId}`, { token: admin.tokens.access_token });
      expect(task.body.callback_status).toBe(status);
    },
    { timeout: 15_000, interval: 200 },
  );
}

beforeAll(async () => {
  receiver = await CallbackReceiver.start();
  admin = await signUpVerified();
  const team = await api('PATCH', '/v1/team', { token: admin.tokens.access_token, body: { callback_url: receiver.on('/team', () => 200) } });
  expect(team.status).toBe(200);
  keys = (await api('GET', '/v1/callback-auth-keys', { token: admin.tokens.access_token })).body;
}, 180_000);
afterAll(() => receiver.close());

describe('callbacks end to end', () => {
  // Generous test timeouts: the routes' containers may start cold on a busy machine; the 10 s is measured on the task itself.
  it('completes a test key’s task within 10 s and calls the team’s URL, signed with the test key', { timeout: 120_000 }, async () => {
    const key = await api('POST', '/v1/api-keys', { token: admin.tokens.access_token, body: { environment: 'test', name: 'ci' } });
    expect(key.status).toBe(201);
    const created = await api('POST', '/v1/tasks', { headers: bearer(key.body.key), body: { type: 'transcription', params: {} } });
    expect(created.status).toBe(201);
    expect(created.body.environment).toBe('test');
    const callback = await receiver.next((r) => r.path === '/team' && taskIdOf(r) === created.body.id, 12_000);
    expect(callback.headers['refonte-callback-auth']).toBe(keys.test);
    const body = verify(callback, keys.test) as { status: string; task: { completed_at: string; created_at: string } };
    expect(body.status).toBe('completed');
    expect(Date.parse(body.task.completed_at) - Date.parse(body.task.created_at)).toBeLessThan(10_000);
    await callbackStatus(created.body.id, 'succeeded');
    const attempts = await api('GET', `/v1/tasks/${created.body.id}/callbacks`, { token: admin.tokens.access_token });
    expect(attempts.body.items).toMatchObject([{ attempt: 1, status_code: 200, error: null }]);
  });

  it('calls a live task’s own URL when support completes it, and a redelivery carries the same webhook-id', { timeout: 120_000 }, async () => {
    const url = receiver.on('/task-own', () => 200);
    const created = await api('POST', '/v1/tasks', { token: admin.tokens.access_token, body: { type: 'categorization', params: { text: 'x' }, callback_url: url } });
    expect(created.status).toBe(201);
    const done = await api('POST', `/support/tasks/${created.body.id}/complete`, { token: outputs().support_token, body: { response: { label: 'ok' } } });
    expect(done.status).toBe(200);
    const first = await receiver.next((r) => r.path === '/task-own' && taskIdOf(r) === created.body.id);
    expect(first.headers['refonte-callback-auth']).toBe(keys.live);
    expect(verify(first, keys.live)).toMatchObject({ task_id: created.body.id, response: { label: 'ok' } });
    await callbackStatus(created.body.id, 'succeeded');

    const again = await api('POST', `/v1/tasks/${created.body.id}/callbacks/redeliver`, { token: admin.tokens.access_token });
    expect(again.status).toBe(202);
    const second = await receiver.next((r) => r.path === '/task-own' && taskIdOf(r) === created.body.id && r !== first);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    // The same message again, byte for byte: the first delivery's outcome is bookkeeping, not a change to the task.
    expect(second.body).toBe(first.body);
    expect(verify(second, keys.live)).toMatchObject({ task_id: created.body.id });
    expect(receiver.to('/team').filter((r) => taskIdOf(r) === created.body.id)).toEqual([]);
  });

  it('signs with a rotated key from the very next callback (the old one beside it for 24 h), though the sender had the old one cached', { timeout: 120_000 }, async () => {
    const key = await api('POST', '/v1/api-keys', { token: admin.tokens.access_token, body: { environment: 'test', name: 'rotation' } });
    const complete = async () => {
      const created = await api('POST', '/v1/tasks', { headers: bearer(key.body.key), body: { type: 'transcription', params: {} } });
      expect(created.status).toBe(201);
      return receiver.next((r) => r.path === '/team' && taskIdOf(r) === created.body.id, 12_000);
    };
    // The sender now holds the test key in its cache.
    const before = await complete();
    expect(before.headers['refonte-callback-auth']).toBe(keys.test);

    const rotated = await api('POST', '/v1/callback-auth-keys/rotate', { token: admin.tokens.access_token, body: { environment: 'test' } });
    expect(rotated.status).toBe(200);
    const after = await complete();
    expect(after.headers['refonte-callback-auth']).toBe(rotated.body.key);
    // Dual signing: a receiver still on the old key verifies it, and so does one already on the new key.
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(after, rotated.body.key)).toBeTruthy();
    expect(verify(after, keys.test)).toBeTruthy();
    keys.test = rotated.body.key;
  });
});
