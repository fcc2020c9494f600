import { routeList } from '../../functions/routes';
import { PARTITION } from '../../shared/db/keys';
import { CLOSE_BILLING_PERIOD_GRANTS } from '../../shared/http/billing-grants';
import { items, type QueueName, type RouteDefinition, type RouteGrants } from '../../shared/http/route';

/**
 * Every Lambda function the app deploys, as data: the CDK makes one
 * `OperationFunction` per entry, and the local dev server runs each entry
 * with the environment computed from the same entry
 * (`functionEnvironment`), so neither can give a function more than the
 * other does.
 */
/** A function's timeout unless its definition says otherwise: in the CDK and in the local stack's invocation context alike. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface FunctionDefinition {
  /** Stable id: the route's operationId, or the name of a non-route function. */
  readonly id: string;
  /** Module under `functions/`, without extension, exporting `handler`. */
  readonly handler: string;
  readonly grants: RouteGrants;
  /** Requests acting for a team count against its rate limit (a counter item in the table). */
  readonly countsTeamRequests: boolean;
  /** A public route limited per client IP (and sign-in per address): counter items in the table. */
  readonly countsClientRequests?: boolean;
  readonly description: string;
  /** Seconds the function may run; default DEFAULT_TIMEOUT_SECONDS. A queue consumer's stays ≤ 1/6 of its queue's visibility timeout. */
  readonly timeoutSeconds?: number;
  /** Dynamically imported modules become chunks loaded on first use (see RouteDefinition.codeSplitting). */
  readonly codeSplitting?: true;
  /** What invokes it, when not API Gateway or a schedule: the CDK's event source and the local stack's poller alike. */
  readonly eventSource?: EventSourceDefinition;
}

/**
 * An event source mapping, as data: the CDK builds the mapping from it and
 * the local dev server's pollers play it with the same batch size, filter
 * and partial-failure semantics.
 */
export type EventSourceDefinition =
  | {
      readonly kind: 'sqs';
      readonly queue: QueueName;
      readonly batchSize: number;
      /** Concurrent invocations the mapping may run (locally: concurrent polls). */
      readonly maxConcurrency: number;
    }
  | {
      readonly kind: 'table-stream';
      readonly batchSize: number;
      /** Only INSERTs of items whose partition key starts with this prefix reach the function. */
      readonly insertsWithPrefix: string;
      /** Retries of a failing batch before it goes to the failure queue. */
      readonly retryAttempts: number;
    };

/**
 * The REQUEST authorizer: verifies Cognito tokens (public keys, no IAM) and
 * looks API keys up by hash — one GetItem on lookup items, nothing else.
 */
/**
 * How long API Gateway keeps an authorizer's answer per Authorization header
 * (and the dev server likewise): the bound on how long a deleted API key can
 * still authenticate. Roles are never cached (handlers read membership).
 */
export const AUTHORIZER_CACHE_TTL_SECONDS = 60;

export const AUTHORIZER: FunctionDefinition = {
  id: 'authorizer',
  handler: 'authorizer',
  grants: { table: { actions: ['GetItem', 'UpdateItem'], partitions: ['apiKeyLookup'] }, verifiesTokens: true },
  countsTeamRequests: false,
  description: 'REST API authorizer: Cognito tokens and API keys',
};

const STALE_ACCOUNTS_ONLY =
  'Deletes only accounts left unverified for 7 days, which the end-to-end tier (minutes old) never has; ' +
  'test/integration drives the sweep with a clock.';

/**
 * Hourly: deletes accounts never verified 7 days after sign-up, with their
 * team, email claim and Cognito identity (see the use case).
 */
export const SWEEP_UNVERIFIED_ACCOUNTS: FunctionDefinition = {
  id: 'sweepUnverifiedAccounts',
  handler: 'maintenance/sweep-unverified-accounts',
  grants: {
    table: items(['GetItem', 'Query', 'DeleteItem', 'BatchWriteItem'], ['unverifiedAccounts', 'user', 'emailClaim', 'team']),
    userPool: ['AdminDeleteUser'],
    rarelyUsed: Object.fromEntries(
      [
        'cognito-idp:AdminDeleteUser',
        'dynamodb:GetItem on UNVERIFIED|USER#|EMAIL#|TEAM#',
        'dynamodb:DeleteItem on UNVERIFIED|USER#|EMAIL#|TEAM#',
        'dynamodb:BatchWriteItem on UNVERIFIED|USER#|EMAIL#|TEAM#',
      ].map((action) => [action, STALE_ACCOUNTS_ONLY]),
    ),
  },
  countsTeamRequests: false,
  description: 'Hourly: delete accounts never verified 7 days after sign-up',
};

// ---- Billing (issue 11)
/**
 * Monthly (EventBridge, the 1st at 00:15 UTC): closes the month before,
 * through the same use case as support's `POST /support/billing/close-period`.
 */
const NOTHING_TO_INVOICE_LAST_MONTH =
  "The test suite's usage is this month's, so the monthly run (for the month before) finds no team to invoice; " +
  "support's close-period route runs the same use case with the same grants, and the e2e tier exercises each there.";

export const CLOSE_BILLING_PERIOD: FunctionDefinition = {
  id: 'closeBillingPeriodMonthly',
  handler: 'billing/close-previous-period',
  grants: {
    ...CLOSE_BILLING_PERIOD_GRANTS,
    rarelyUsed: Object.fromEntries(
      ['GetItem', 'Query', 'PutItem', 'UpdateItem']
        .map((action) => `dynamodb:${action} on TEAM#|USAGE#|USER#`)
        .concat(['ses:SendEmail'])
        .map((action) => [action, NOTHING_TO_INVOICE_LAST_MONTH]),
    ),
  },
  countsTeamRequests: false,
  description: 'Monthly: invoice every team for the month before',
};

// ---- messaging (issue 10b): the outbox relay and the two queue consumers

/** Table stream (INSERTs of outbox items) → the callbacks queue or the test-tasks delay queue. */
export const RELAY_OUTBOX: FunctionDefinition = {
  id: 'relayOutbox',
  handler: 'messaging/relay-outbox',
  grants: { sendTo: ['callbacks', 'test-tasks'] },
  countsTeamRequests: false,
  description: 'Outbox relay: table stream INSERTs of OUTBOX# items to their queues',
  eventSource: { kind: 'table-stream', batchSize: 25, insertsWithPrefix: PARTITION.outbox, retryAttempts: 10 },
};

/** The callbacks queue → one signed POST per message, retried by visibility timeout. */
export const SEND_CALLBACKS: FunctionDefinition = {
  id: 'sendCallbacks',
  handler: 'callbacks/send-callbacks',
  grants: {
    // A batch's tasks in one BatchGetItem and each lane's attempt records in one BatchWriteItem; receiver and team slots by PutItem/UpdateItem/DeleteItem.
    table: items(['BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'], ['task', 'receiverSlot', 'teamCallbackSlot']),
    // The team's callback auth keys; created on first use if the team never read them.
    secrets: ['GetSecretValue', 'CreateSecret', 'TagResource'],
    // Re-sends a message whose receiver is busy (with a short delay), and changes visibility to schedule retries.
    sendTo: ['callbacks'],
    receivesFrom: 'callbacks',
  },
  countsTeamRequests: false,
  description: 'Callback sender: signed POSTs to customers, retries by visibility timeout',
  // A 10 s POST plus the reads and writes around it; the queue's visibility timeout is 180 s.
  timeoutSeconds: 30,
  eventSource: { kind: 'sqs', queue: 'callbacks', batchSize: 10, maxConcurrency: 20 },
};

/** The test-tasks delay queue → each test task completed with its placeholder response. */
export const COMPLETE_TEST_TASKS: FunctionDefinition = {
  id: 'completeTestTasks',
  handler: 'tasks/complete-test-tasks',
  grants: {
    // completeTask: reads the task and the team's callback URL; one transaction updates the task and puts its callback's outbox item.
    table: items(['GetItem', 'UpdateItem', 'PutItem'], ['task', 'team', 'outbox']),
    receivesFrom: 'test-tasks',
  },
  countsTeamRequests: false,
  description: 'Test-task completer: placeholder responses a few seconds after creation',
  timeoutSeconds: 30,
  eventSource: { kind: 'sqs', queue: 'test-tasks', batchSize: 10, maxConcurrency: 5 },
};

export const MESSAGING_FUNCTIONS: readonly FunctionDefinition[] = [RELAY_OUTBOX, SEND_CALLBACKS, COMPLETE_TEST_TASKS];

export function routeFunction(route: RouteDefinition): FunctionDefinition {
  return {
    id: route.operationId,
    handler: route.handler,
    grants: route.grants,
    countsTeamRequests: route.auth === 'user' || route.auth === 'user_or_key',
    countsClientRequests: route.limitPerClient === true,
    description: `${route.method} ${route.path} (${route.operationId})`,
    timeoutSeconds: route.timeoutSeconds,
    codeSplitting: route.codeSplitting,
  };
}

/** The authorizer, one function per route, and the scheduled ones. */
export function allFunctions(routes: readonly RouteDefinition[] = routeList): FunctionDefinition[] {
  return [AUTHORIZER, ...routes.map(routeFunction), SWEEP_UNVERIFIED_ACCOUNTS, CLOSE_BILLING_PERIOD, ...MESSAGING_FUNCTIONS];
}
