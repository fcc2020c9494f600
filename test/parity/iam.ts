import type { RecordedCall } from '../../scripts/local/aws-call-recorder';
import { toArray, type CfnTemplate } from '../infra/template-helpers';

/**
 * A small IAM evaluator for our own synthesized policies: enough to say
 * whether a recorded AWS call is allowed by a function's identity policy
 * (action, resource, `dynamodb:LeadingKeys`), and which granted actions no
 * call used. Resources are compared symbolically: each CloudFormation
 * reference is resolved to the stateful resource it names (`table`,
 * `userpool`, `sender`, `queue:callbacks`, …), through the stateful stack's
 * exports, so the check needs no deployed account.
 */
export interface Statement {
  actions: string[];
  /** Symbolic resources: `table`, `table/index/*`, `userpool`, `sender`, `queue:<name>`, `secret:<prefix>*`, `*`. */
  resources: string[];
  /** Partition-key prefixes every item must start with, when the statement is pinned. */
  leadingKeys?: string[];
}

/** Logical ids of the stateful resources, by symbolic name. */
export type ResourceNamesById = Record<string, string>;

/** Resolves a policy Resource value to a symbolic resource string. */
export function symbolicResource(value: unknown, stateful: CfnTemplate, names: ResourceNamesById): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, any>;
  if (record['Fn::ImportValue']) {
    const exportName = record['Fn::ImportValue'] as string;
    const output = Object.values(stateful.Outputs ?? {}).find((o: any) => o.Export?.Name === exportName) as { Value: unknown } | undefined;
    if (!output) throw new Error(`No stateful export ${exportName}`);
    return symbolicResource(output.Value, stateful, names);
  }
  if (record['Fn::GetAtt']) return names[record['Fn::GetAtt'][0]] ?? `?${record['Fn::GetAtt'][0]}`;
  if (record.Ref) return names[record.Ref] ?? (String(record.Ref).startsWith('AWS::') ? '*' : `?${record.Ref}`);
  if (record['Fn::Join']) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    const joined = parts.map((part) => symbolicResource(part, stateful, names)).join(separator);
    // `arn:*:ses:…:identity/<sender>` → `sender`; `arn:*:secretsmanager:…:secret:<name>` → `secret:<name>`.
    const identity = /:identity\/(.+)$/.exec(joined);
    if (identity) return identity[1]!;
    const secret = /:secret:(.+)$/.exec(joined);
    if (secret) return `secret:${secret[1]}`;
    return joined;
  }
  return `?${JSON.stringify(value)}`;
}

export function statementsOf(policyStatements: Array<Record<string, any>>, stateful: CfnTemplate, names: ResourceNamesById): Statement[] {
  return policyStatements.map((statement) => {
    const keys = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined;
    return {
      actions: toArray(statement.Action) as string[],
      resources: toArray(statement.Resource).map((r) => symbolicResource(r, stateful, names)),
      ...(keys ? { leadingKeys: keys.map((k) => k.replace(/\*$/, '')) } : {}),
    };
  });
}

function glob(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`).test(value);
}

/** Calls that need no IAM permission at all (Cognito's unauthenticated, client-id APIs). */
const UNSIGNED_ACTIONS = new Set(['cognito-idp:InitiateAuth', 'cognito-idp:RevokeToken', 'cognito-idp:GetTokensFromRefreshToken']);

/** The IAM action and symbolic resource a recorded call needs. */
export function requirement(call: RecordedCall): { action: string; resource: string } | null {
  const action = `${call.service}:${call.action}`;
  // `lambda:Invoke` is the recorder's note that the function ran (API Gateway's permission, not the function's).
  if (call.service === 'lambda' || UNSIGNED_ACTIONS.has(action)) return null;
  switch (call.service) {
    case 'dynamodb':
      return { action, resource: call.target === 'table' || !call.target ? 'table' : `table/index/${call.target}` };
    case 'cognito-idp':
      return { action, resource: 'userpool' };
    case 'ses':
      return { action, resource: 'sender' };
    case 'secretsmanager':
      // The recorder names the secret: `secret:<name>`.
      return { action, resource: call.target?.startsWith('secret:') ? call.target : 'secret:' };
    default:
      return { action, resource: call.target ?? '*' };
  }
}

/** The statements that allow this call (empty: it would be AccessDenied on AWS). */
export function allowingStatements(statements: Statement[], call: RecordedCall): Statement[] {
  const needed = requirement(call);
  if (!needed) return [];
  return statements.filter(
    (s) =>
      s.actions.some((a) => glob(a, needed.action)) &&
      s.resources.some((r) => glob(r, needed.resource)) &&
      (!s.leadingKeys || (call.partitions ?? []).every((p) => s.leadingKeys!.some((k) => p.startsWith(k)))) &&
      // A pinned statement with nothing to pin (e.g. a Query whose partition we could not read) allows nothing.
      (!s.leadingKeys || (call.partitions ?? []).length > 0),
  );
}

export function isAllowed(statements: Statement[], call: RecordedCall): boolean {
  return requirement(call) === null || allowingStatements(statements, call).length > 0;
}

/**
 * Rights an event source mapping needs on the function's role — Lambda's
 * poller uses them, not the function's code: receiving and deleting
 * messages (and ChangeMessageVisibility, which CDK grants with them; the
 * sender also uses it, and its calls are checked like any other), reading
 * the table's stream.
 */
const EVENT_SOURCE_ACTIONS = new Set([
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'dynamodb:ListStreams',
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

/**
 * Granted actions that no recorded call of the function used, each named as
 * `action` or, for a statement pinned to partitions, `action on PREFIX…`.
 * Logging and tracing grants are the runtime's, not the code's.
 */
export function unexercisedActions(statements: Statement[], calls: RecordedCall[]): string[] {
  const unused = new Set<string>();
  for (const statement of statements) {
    for (const action of statement.actions) {
      if (action.startsWith('logs:') || action.startsWith('xray:') || EVENT_SOURCE_ACTIONS.has(action)) continue;
      const exercised = calls.some((call) => {
        const needed = requirement(call);
        return needed !== null && glob(action, needed.action) && allowingStatements([statement], call).length > 0;
      });
      if (!exercised) unused.add(statement.leadingKeys ? `${action} on ${statement.leadingKeys.join('|')}` : action);
    }
  }
  return [...unused].sort();
}
