// Run as its own process (it needs a Lambda environment before the X-Ray SDK
// loads): Powertools' tracer in Lambda mode, a DynamoDB client captured as
// the product's clients are, and calls made from two concurrent branches and
// from the handler itself. Prints what the SDK sent to the X-Ray daemon (a
// UDP socket here) and which `cls-hooked` the SDK loaded.
import { createRequire } from 'node:module';
import dgram from 'node:dgram';
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const daemon = dgram.createSocket('udp4');
const sent = [];
daemon.on('message', (message) => sent.push(JSON.parse(message.toString('utf8').split('\n')[1])));
await new Promise((resolve) => daemon.bind(0, '127.0.0.1', resolve));
Object.assign(process.env, {
  AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
  LAMBDA_TASK_ROOT: '/var/task',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: 'probe',
  POWERTOOLS_TRACE_ENABLED: 'true',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'probe',
  AWS_SECRET_ACCESS_KEY: 'probe',
});

const { Tracer } = await import('@aws-lambda-powertools/tracer');
const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
const xray = createRequire(import.meta.url)('aws-xray-sdk-core');
const clsHooked = createRequire(createRequire(import.meta.url).resolve('aws-xray-sdk-core')).resolve('cls-hooked/context');

// Answers every call with an empty item, after a delay, without a network.
const requestHandler = {
  async handle() {
    await sleep(5 + Math.random() * 10);
    const body = Readable.from([Buffer.from('{}')]);
    return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body } };
  },
};
const tracer = new Tracer({ serviceName: 'probe' });
const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({ requestHandler, maxAttempts: 1 }));
const get = (key) => dynamo.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: key } } }));

async function invocation() {
  // As Powertools' middleware does: a subsegment for the handler, and the parent back after it.
  const parent = tracer.getSegment();
  const handler = parent.addNewSubsegment('## handler');
  tracer.setSegment(handler);
  const branch = (name) =>
    xray.captureAsyncFunc(name, async (subsegment) => {
      await sleep(Math.random() * 5);
      await get(name);
      await get(name);
      subsegment.close();
    });
  await Promise.all([branch('A'), branch('B')]);
  await get('handler');
  handler.close();
  tracer.setSegment(parent);
}
for (let i = 0; i < 3; i++) await invocation();
await sleep(100);
daemon.close();
process.stdout.write(JSON.stringify({ clsHooked, tracing: tracer.isTracingEnabled(), sent }));
