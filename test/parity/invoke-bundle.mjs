// Loads one synthesized bundle in this fresh process — whose environment is
// exactly what the test gives it, as a Lambda container's is — and invokes
// its handler once with the event read from stdin. The outcome is the last
// stdout line, after a marker (the function's own logs come before it).
import { pathToFileURL } from 'node:url';

const MARK = '@@OUTCOME@@';
const say = (outcome) => process.stdout.write(`\n${MARK}${JSON.stringify(outcome)}\n`);

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { event, functionName } = JSON.parse(input);

let handler;
try {
  ({ handler } = await import(pathToFileURL(process.argv[2]).href));
} catch (error) {
  say({ loadError: `${error.name}: ${error.message}` });
  process.exit(0);
}
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: 'bundle-check',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bundle-check',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
};
try {
  say({ result: await handler(event, context) });
} catch (error) {
  say({ error: `${error.name}: ${error.message}` });
}
process.exit(0);
