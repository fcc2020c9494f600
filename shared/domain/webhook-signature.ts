import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks v1 signing, as the contract states it: base64
 * HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`, keyed by the
 * UTF-8 bytes of the team's callback auth key. During a rotation's 24 h the
 * header carries one `v1,<signature>` per key, space-separated, so a
 * receiver holding either key verifies it.
 */
export function webhookSignature(key: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', Buffer.from(key, 'utf8')).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64')}`;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Fresh on every attempt: the timestamp is now, the signature covers it; the id is the delivery's. */
export function webhookHeaders(keys: readonly string[], id: string, body: string, now = new Date()): WebhookHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': keys.map((key) => webhookSignature(key, id, timestamp, body)).join(' '),
  };
}
