import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { QUEUES } from '../../infra/definitions/queues';
import { ses } from '../../shared/clients/ses';
import { sendEmail } from '../../shared/email/send-email';

// The functions only send to queues; the test reads them with its own client.
const sqs = new SQSClient({});

describe('SES through moto', () => {
  afterEach(() => vi.restoreAllMocks());

  it('delivers text and HTML from the configured sender', async () => {
    const to = `mail-${Date.now()}@example.com`;
    await expect(sendEmail({ to, subject: 'Hello', text: 'plain', html: '<p>rich</p>' })).resolves.toBe('sent');
    const data = (await (await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`)).json()) as {
      ses: { Message: { source: string; subject: string; destinations: { ToAddresses: string[] } }[] };
    };
    const sent = data.ses.Message.find((m) => m.destinations.ToAddresses.includes(to));
    expect(sent).toMatchObject({ source: process.env.EMAIL_FROM, subject: 'Hello' });
  });

  it('reports a failed send instead of throwing', async () => {
    vi.spyOn(ses, 'send').mockRejectedValue(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' }) as never);
    await expect(sendEmail({ to: 'x@example.com', subject: 'S', text: 't', html: 'h' })).resolves.toBe('failed');
  });
});

describe('queues from the shared definitions', () => {
  it.each(QUEUES.map((q) => [q.name, q] as const))('%s has its DLQ, delay and visibility', async (_, q) => {
    const url = inject('localStack').outputs.queue_urls[q.name]!;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Number(Attributes!.VisibilityTimeout)).toBe(q.visibilityTimeoutSeconds);
    expect(Number(Attributes!.DelaySeconds)).toBe(q.deliveryDelaySeconds);
    const redrive = JSON.parse(Attributes!.RedrivePolicy!);
    expect(redrive.maxReceiveCount).toBe(q.maxReceiveCount);
    expect(redrive.deadLetterTargetArn).toMatch(new RegExp(`${q.name}-dlq$`));
  });

  it('carries a message through a queue of moto (one of its own: the stack\'s queues have consumers)', async () => {
    const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: `probe-${Date.now()}` }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ probe: 1 }) }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 2 }));
    expect(JSON.parse(Messages![0]!.Body!)).toEqual({ probe: 1 });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  });
});
