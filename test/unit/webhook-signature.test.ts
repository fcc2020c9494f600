import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookHeaders, webhookSignature } from '../../shared/domain/webhook-signature';

/** The receiver's side, exactly as the contract tells customers: secret `whsec_` + base64 of the key's bytes. */
const receiverFor = (key: string) => new Webhook(`whsec_${Buffer.from(key, 'utf8').toString('base64')}`);

const KEY = 'Ab3-dEf_ghIJklMNopQRstUVwxYZ0123456789abcdE';
const OLD_KEY = 'Zz9-yYx_wvUTsrQPonMLkjIHgfEDcba9876543210zZ';

describe('Standard Webhooks signature', () => {
  const body = JSON.stringify({ task_id: 'task_1', status: 'completed', task: {}, response: { ok: true } });

  it('is base64 HMAC-SHA256 of id.timestamp.body keyed by the key’s UTF-8 bytes', () => {
    const expected = createHmac('sha256', Buffer.from(KEY)).update(`msg_1.1700000000.${body}`).digest('base64');
    expect(webhookSignature(KEY, 'msg_1', 1700000000, body)).toBe(`v1,${expected}`);
  });

  it('verifies with the standardwebhooks library', () => {
    const headers = webhookHeaders([KEY], 'msg_abc', body);
    expect(receiverFor(KEY).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => receiverFor(OLD_KEY).verify(body, { ...headers })).toThrow();
  });

  it('during a rotation carries both keys’ signatures, so a receiver holding either verifies', () => {
    const headers = webhookHeaders([KEY, OLD_KEY], 'msg_abc', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => receiverFor(KEY).verify(body, { ...headers })).not.toThrow();
    expect(() => receiverFor(OLD_KEY).verify(body, { ...headers })).not.toThrow();
  });

  it('keeps the id and renews timestamp and signature per attempt; a changed body fails', () => {
    const first = webhookHeaders([KEY], 'msg_same', body, new Date('2026-12-01T10:00:00Z'));
    const later = webhookHeaders([KEY], 'msg_same', body, new Date('2026-12-01T10:00:30Z'));
    expect(later['webhook-id']).toBe(first['webhook-id']);
    expect(later['webhook-timestamp']).not.toBe(first['webhook-timestamp']);
    expect(later['webhook-signature']).not.toBe(first['webhook-signature']);
    const fresh = webhookHeaders([KEY], 'msg_same', body);
    expect(() => receiverFor(KEY).verify(`${body} `, { ...fresh })).toThrow();
  });
});
