/**
 * Smoke test for scripts/local/emulators.ts: both emulators start on free ports, answer real
 * AWS SDK calls, and are really gone after stop().
 * The first run downloads DynamoDB Local (~56 MB) into .cache/dynamodb-local/, hence the timeout.
 */
import { describe, it, expect } from 'vitest';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { freePort, startDynamoDbLocal, startMoto, type RunningService } from '../../scripts/local/emulators';

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** process.kill(pid, 0) throws (ESRCH) once the process no longer exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local emulators', () => {
  it('starts DynamoDB Local and moto, serves SDK calls, and stops them', { timeout: 120_000 }, async () => {
    const services: RunningService[] = [];
    try {
      const [ddbPort, motoPort] = await Promise.all([freePort(), freePort()]);
      expect(ddbPort).not.toBe(motoPort);
      const [ddb, moto] = await Promise.all([startDynamoDbLocal({ port: ddbPort }), startMoto({ port: motoPort })]);
      services.push(ddb, moto);
      expect(ddb.endpoint).toBe(`http://127.0.0.1:${ddbPort}`);
      expect(moto.endpoint).toBe(`http://127.0.0.1:${motoPort}`);
      expect(isAlive(ddb.pid)).toBe(true);
      expect(isAlive(moto.pid)).toBe(true);

      const dynamo = new DynamoDBClient(clientConfig(ddb.endpoint));
      await dynamo.send(
        new CreateTableCommand({
          TableName: 'emulator-smoke',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toContain('emulator-smoke');
      dynamo.destroy();

      const sqs = new SQSClient(clientConfig(moto.endpoint));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'emulator-smoke' }));
      expect(QueueUrl).toContain('emulator-smoke');
      expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toContain(QueueUrl);
      sqs.destroy();

      await Promise.all(services.map((s) => s.stop()));
      for (const s of services) {
        expect(() => process.kill(s.pid, 0), `${s.name} (pid ${s.pid}) still running`).toThrow();
      }
      await ddb.stop(); // idempotent
    } finally {
      await Promise.all(services.map((s) => s.stop()));
    }
  });
});
