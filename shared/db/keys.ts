import { createHash } from 'node:crypto';

/**
 * Every key string of the table is built here and nowhere else — including
 * the partition-key prefixes IAM pins grants to (`dynamodb:LeadingKeys`), so
 * a grant and the code it allows cannot spell a prefix two ways. Pure: the
 * CDK app imports this at synth without any table configured.
 */
export const PARTITION = {
  user: 'USER#',
  team: 'TEAM#',
  emailClaim: 'EMAIL#',
  verification: 'VERIFY#',
  rateCounter: 'RATE#',
  invitationToken: 'INVTOKEN#',
  apiKeyLookup: 'APIKEY#',
  /** The sweep's index of never-verified accounts: one partition, in sign-up order. */
  unverifiedAccounts: 'UNVERIFIED',
  passwordReset: 'RESET#',
  // ---- tasks, projects, outbox (issue 10a)
  /** One partition per task: the task item and its callback attempts. */
  task: 'TASK#',
  /** A team's claim of a task `unique_id`: one partition per claim. */
  taskUniqueId: 'TASKUID#',
  /** Transactional outbox: one partition per item, relayed by the table's stream. */
  outbox: 'OUTBOX#',
  // Billing (issue 11)
  /** A team's usage counters, one partition per shard (`USAGE#<team>#<shard>`), so a busy team has no hot key. */
  usage: 'USAGE#',
  /** One per billed task: the exactly-once marker written with the completion. */
  billedTask: 'BILLED#',
  // ---- callback delivery (issue 10b)
  /** A callback receiver's in-flight slots (the sender's per-receiver cap). */
  receiverSlot: 'RECEIVER#',
  /** A team's in-flight callback slots, over all its receivers (the sender's per-team cap), and its callback keys' rotation stamps. */
  teamCallbackSlot: 'CBTEAM#',
} as const;

export type PartitionName = keyof typeof PARTITION;

export const keys = {
  user: (userId: string) => ({ PK: `${PARTITION.user}${userId}`, SK: 'USER' }),
  team: (teamId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: 'TEAM' }),
  emailClaim: (normalizedEmail: string) => ({ PK: `${PARTITION.emailClaim}${normalizedEmail}`, SK: 'EMAIL' }),
  verification: (tokenHash: string) => ({ PK: `${PARTITION.verification}${tokenHash}`, SK: 'VERIFY' }),
  auditEvent: (teamId: string, at: string, eventId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `AUDIT#${at}#${eventId}` }),
  auditPrefix: () => 'AUDIT#',
  /** A team's request counter for one ten-second window (rate limiting). */
  rateWindow: (teamId: string, windowStart: number) => ({ PK: `${PARTITION.rateCounter}${teamId}`, SK: `W#${windowStart}` }),
  rateWindowPrefix: () => PARTITION.rateCounter,
  /** A client address's requests to one public route in one window (per-IP limit). */
  clientRateWindow: (operationId: string, clientIp: string, windowStart: number) => ({
    PK: `${PARTITION.rateCounter}IP#${operationId}#${clientIp}`,
    SK: `W#${windowStart}`,
  }),
  /** Failed sign-ins to one address in one window (per-address limit). */
  signInFailures: (normalizedEmail: string, windowStart: number) => ({
    PK: `${PARTITION.rateCounter}SIGNIN#${normalizedEmail}`,
    SK: `W#${windowStart}`,
  }),
  /** An account still waiting for its email to be verified, in sign-up order: what the sweep reads. */
  unverifiedAccount: (createdAt: string, userId: string) => ({ PK: PARTITION.unverifiedAccounts, SK: `${createdAt}#${userId}` }),
  unverifiedPartition: () => PARTITION.unverifiedAccounts,
  /** A password-reset token by its hash. */
  passwordReset: (tokenHash: string) => ({ PK: `${PARTITION.passwordReset}${tokenHash}`, SK: 'RESET' }),
  /** GSI1 on user items: a team's members, in joining order. */
  teamMember: (teamId: string, joinedAt: string, userId: string) => ({
    GSI1PK: `${PARTITION.team}${teamId}`,
    GSI1SK: `MEMBER#${joinedAt}#${userId}`,
  }),
  teamMemberPrefix: () => 'MEMBER#',
  /** Invitations live in their team's partition; `inv_` ids are time-ordered, so SK order is creation order. */
  invitation: (teamId: string, invitationId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `INV#${invitationId}` }),
  invitationPrefix: () => 'INV#',
  /** One per token ever issued (creates and resends), so a dead token still finds its invitation: 410, not 404. */
  invitationToken: (tokenHash: string) => ({ PK: `${PARTITION.invitationToken}${tokenHash}`, SK: 'INVTOKEN' }),
  /** The team's one pending invitation for an address: the pointer that makes "re-invite replaces" race-safe. */
  invitationForEmail: (teamId: string, normalizedEmail: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `INVEMAIL#${normalizedEmail}` }),
  /** Invitations sent by a team on one UTC day (`yyyy-mm-dd`), capped by a condition. */
  invitationDailyCount: (teamId: string, utcDay: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `INVCOUNT#${utcDay}` }),
  /** `APIKEY#<sha256 of the key>`: the authorizer's one GetItem per key (never Secrets Manager). */
  apiKeyLookup: (keyHash: string) => ({ PK: `${PARTITION.apiKeyLookup}${keyHash}`, SK: 'APIKEY' }),
  /** An API key's metadata (never its value) in its team's partition; `key_` ids sort by creation. */
  apiKey: (teamId: string, keyId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `APIKEY#${keyId}` }),
  apiKeyPrefix: () => 'APIKEY#',
  /** How many keys a team holds in one environment, capped by a condition. */
  apiKeyCount: (teamId: string, environment: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `APIKEYCOUNT#${environment}` }),
  // ---- tasks, projects, outbox (issue 10a)
  /** A project in its team's partition, by its name (unique in the team by the key itself). */
  project: (teamId: string, name: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `PROJECT#${name}` }),
  projectPrefix: () => 'PROJECT#',
  /** A task: one partition each, so no team-wide hot key. */
  task: (taskId: string) => ({ PK: `${PARTITION.task}${taskId}`, SK: 'TASK' }),
  /**
   * GSI1 on task items: a team's tasks, newest first, over TASK_INDEX_SHARDS
   * partitions (the shard is a hash of the task id), so one team's burst of
   * creates spreads over several index partitions.
   */
  teamTaskIndex: (teamId: string, taskId: string, createdAt: string) => ({
    GSI1PK: keys.teamTaskShard(teamId, taskShardOf(taskId)),
    GSI1SK: `${createdAt}#${taskId}`,
  }),
  teamTaskShard: (teamId: string, shard: number) => `TEAMTASKS#${teamId}#${shard}`,
  /** A team's claim of a `unique_id`, naming the task that holds it. */
  taskUniqueId: (teamId: string, uniqueId: string) => ({ PK: `${PARTITION.taskUniqueId}${teamId}#${uniqueId}`, SK: 'TASKUID' }),
  /** One callback delivery attempt, in its task's partition, in time order. */
  callbackAttempt: (taskId: string, at: string, attemptId: string) => ({ PK: `${PARTITION.task}${taskId}`, SK: `CALLBACK#${at}#${attemptId}` }),
  callbackAttemptPrefix: () => 'CALLBACK#',
  outbox: (outboxId: string) => ({ PK: `${PARTITION.outbox}${outboxId}`, SK: 'OUTBOX' }),

  // ---- Billing (issue 11)
  /** "This task was billed": created with `attribute_not_exists` in the completion transaction. */
  billedTask: (taskId: string) => ({ PK: `${PARTITION.billedTask}${taskId}`, SK: 'BILLED' }),
  /** One shard of a team's lifetime usage. */
  usageLifetime: (teamId: string, shard: number) => ({ PK: `${PARTITION.usage}${teamId}#${shard}`, SK: 'LIFETIME' }),
  /** One shard of a team's usage in one month (`yyyy-mm`); month SKs sort by period. */
  usageMonth: (teamId: string, shard: number, period: string) => ({ PK: `${PARTITION.usage}${teamId}#${shard}`, SK: `MONTH#${period}` }),
  usageMonthPrefix: () => 'MONTH#',
  /** GSI1 on usage month items: the teams with usage in a month, per shard (close-period reads these, never a scan). */
  usageMonthIndex: (period: string, shard: number, teamId: string) => ({ GSI1PK: `USAGEMONTH#${period}#${shard}`, GSI1SK: `TEAM#${teamId}` }),
  usageMonthIndexPartition: (period: string, shard: number) => `USAGEMONTH#${period}#${shard}`,
  /** A team's invoice for one period: the key itself makes "one invoice per team and period". */
  invoice: (teamId: string, period: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `INVOICE#${period}` }),
  invoicePrefix: () => 'INVOICE#',
  /** What a team has been invoiced so far, in total and per task type. */
  billingLedger: (teamId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: 'BILLING' }),
  /** The team's payment method: the processor's token and display fields, never a card number. */
  paymentMethod: (teamId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: 'PAYMENT_METHOD' }),
  /** A cloud storage integration (never its credential) in its team's partition; `intg_` ids sort by creation. */
  integration: (teamId: string, integrationId: string) => ({ PK: `${PARTITION.team}${teamId}`, SK: `INTG#${integrationId}` }),
  integrationPrefix: () => 'INTG#',
  // ---- callback delivery (issue 10b)
  /** One of a receiver's in-flight slots (`host:port`), numbered from 0. */
  receiverSlot: (receiver: string, slot: number) => ({ PK: `${PARTITION.receiverSlot}${receiver}`, SK: `SLOT#${slot}` }),
  /** One of a team's callback slots, numbered from 0. */
  teamCallbackSlot: (teamId: string, slot: number) => ({ PK: `${PARTITION.teamCallbackSlot}${teamId}`, SK: `SLOT#${slot}` }),
  /** When a team's callback auth key of one environment was last rotated: read by the sender with the tasks it delivers. */
  callbackKeyStamp: (teamId: string, environment: string) => ({ PK: `${PARTITION.teamCallbackSlot}${teamId}`, SK: `KEYSTAMP#${environment}` }),
} as const;

/**
 * How many index partitions a team's task listing is spread over. One index
 * partition takes about 1,000 writes a second; 16 let one team create well
 * over 10,000 tasks a second, at the price of 16 queries per listing page.
 */
export const TASK_INDEX_SHARDS = 16;

/** The index shard of a task: a stable hash of its id (ids are random, so shards fill evenly). */
export function taskShardOf(taskId: string): number {
  return createHash('sha256').update(taskId).digest().readUInt32BE(0) % TASK_INDEX_SHARDS;
}

