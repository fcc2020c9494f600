import { appendFileSync } from 'node:fs';
import { QUEUES } from '../../infra/definitions/queues';

/**
 * Under test only (the dev server's workers load this when asked to record):
 * an SDK middleware on each of the app's shared clients that appends one
 * JSON line per AWS call — function, service, action and, for DynamoDB, the
 * table or index and the partition-key prefix of every item touched — so an
 * infra test can hold what each function really did against its IAM policy.
 */
export interface RecordedCall {
  fn: string;
  service: string;
  action: string;
  /** DynamoDB: `table` or the index name; Secrets Manager: `secret:<name>`; SQS: `queue:<name>`. */
  target?: string;
  /** DynamoDB: partition-key prefixes (up to and including the first `#`) of the items touched. */
  partitions?: string[];
}

type Input = Record<string, any>;

const SERVICE_OF_CLIENT: Record<string, string> = {
  DynamoDBClient: 'dynamodb',
  CognitoIdentityProviderClient: 'cognito-idp',
  SESClient: 'ses',
  SQSClient: 'sqs',
  SecretsManagerClient: 'secretsmanager',
  STSClient: 'sts',
};

const PARTITION_KEYS = new Set(['PK', 'GSI1PK']);

function prefixOf(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : (value as { S?: string } | undefined)?.S;
  if (typeof text !== 'string') return undefined;
  const hash = text.indexOf('#');
  return hash === -1 ? text : text.slice(0, hash + 1);
}

/** The partition key a Query's key condition fixes: `PK = :v` (names resolved). */
function queryPartition(input: Input): string | undefined {
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  for (const match of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const attribute = names[match[1]!] ?? match[1]!;
    if (PARTITION_KEYS.has(attribute)) return prefixOf(input.ExpressionAttributeValues?.[match[2]!]);
  }
  return undefined;
}

function dynamoCalls(action: string, input: Input): Array<{ action: string; target: string; partitions: string[] }> {
  const item = (key: Input | undefined) => [prefixOf(key?.PK)].filter((p): p is string => !!p);
  switch (action) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [{ action, target: 'table', partitions: item(input.Key) }];
    case 'PutItem':
      return [{ action, target: 'table', partitions: item(input.Item) }];
    case 'Query':
      return [{ action, target: input.IndexName ?? 'table', partitions: [queryPartition(input)].filter((p): p is string => !!p) }];
    case 'TransactWriteItems':
      // IAM authorises a transaction item by item, as these actions.
      return (input.TransactItems as Input[]).map((entry) => {
        const [kind, request] = Object.entries(entry)[0] as [string, Input];
        const itemAction = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind]!;
        return { action: itemAction, target: 'table', partitions: item(request.Key ?? request.Item) };
      });
    case 'BatchWriteItem':
      // Authorised request by request, as PutItem/DeleteItem would be.
      return Object.values(input.RequestItems as Record<string, Input[]>)
        .flat()
        .map((request) => ({ action, target: 'table', partitions: item(request.DeleteRequest?.Key ?? request.PutRequest?.Item) }));
    case 'BatchGetItem':
      // Authorised key by key, on the same leading-key condition as GetItem.
      return Object.values(input.RequestItems as Record<string, Input>)
        .flatMap((request) => request.Keys as Input[])
        .map((key) => ({ action, target: 'table', partitions: item(key) }));
    case 'TransactGetItems':
      return (input.TransactItems as Input[]).map((entry) => ({ action: 'GetItem', target: 'table', partitions: item(entry.Get?.Key) }));
    default:
      return [{ action, target: 'table', partitions: [] }];
  }
}

/** Secrets Manager: the secret's name (`secret:<name>`); CreateSecret with Tags is authorised as TagResource too. */
function secretsCalls(action: string, input: Input): Array<{ action: string; target: string }> {
  const target = `secret:${input.Name ?? input.SecretId ?? ''}`;
  const calls = [{ action, target }];
  if (action === 'CreateSecret' && input.Tags?.length) calls.push({ action: 'TagResource', target });
  return calls;
}

/** SQS: the queue, by its definition's name (`queue:<name>`, or `queue:<name>-dlq`), from the queue URL. */
function sqsTarget(input: Input): string {
  const urlName = String(input.QueueUrl ?? '').split('/').at(-1) ?? '';
  const dlq = urlName.endsWith('-dlq');
  const base = dlq ? urlName.slice(0, -4) : urlName;
  const queue = QUEUES.find((q) => base.endsWith(`-${q.name}`));
  return `queue:${queue ? queue.name : urlName}${dlq ? '-dlq' : ''}`;
}

/** One line per invocation (service `lambda`), so a function that makes no AWS call still shows it ran. */
export function recordInvocation(fn: string, file: string): void {
  appendFileSync(file, `${JSON.stringify({ fn, service: 'lambda', action: 'Invoke' } satisfies RecordedCall)}\n`);
}

export async function recordAwsCalls(fn: string, file: string): Promise<void> {
  const modules = await Promise.all([
    import('../../shared/clients/dynamodb'),
    import('../../shared/clients/cognito'),
    import('../../shared/clients/ses'),
    import('../../shared/clients/secrets-manager'),
    import('../../shared/clients/sts'),
    import('../../shared/clients/sqs'),
  ]);
  // The modules' shared clients; client factories (a customer's session) act with other credentials than the function's.
  const clients = modules.flatMap((module) => Object.values(module)).filter((value) => (value as { middlewareStack?: unknown })?.middlewareStack) as Array<{ middlewareStack: any }>;
  for (const client of clients) {
    client.middlewareStack.add(
      (next: (args: any) => Promise<any>, context: { clientName?: string; commandName?: string }) => async (args: { input: Input }) => {
        const service = SERVICE_OF_CLIENT[context.clientName ?? ''] ?? context.clientName ?? 'unknown';
        const action = (context.commandName ?? '').replace(/Command$/, '');
        const calls: RecordedCall[] =
          service === 'dynamodb'
            ? dynamoCalls(action, args.input).map((call) => ({ fn, service, ...call }))
            : service === 'secretsmanager'
              ? secretsCalls(action, args.input).map((call) => ({ fn, service, ...call }))
              : service === 'sts'
                ? [{ fn, service, action, target: args.input.RoleArn === process.env.INTEGRATION_ROLE_ARN ? 'integration-role' : String(args.input.RoleArn) }]
              : service === 'sqs'
                ? [{ fn, service, action, target: sqsTarget(args.input) }]
                : [{ fn, service, action }];
        appendFileSync(file, calls.map((call) => JSON.stringify(call)).join('\n') + '\n');
        return next(args);
      },
      { step: 'initialize', name: 'recordAwsCall', override: true },
    );
  }
}
