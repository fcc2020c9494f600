import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  UserPool,
  type IUserPool,
  type IUserPoolClient,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EmailIdentity, Identity, type IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { edgeSecretName } from '../../shared/http/edge';
import type { QueueName } from '../../shared/http/route';
import type { StageConfig } from '../config';
import { pascalCase } from '../construct-ids';
import { IntegrationAccessRole } from '../constructs/integration-access-role';
import { QueueWithDlq } from '../constructs/queue-with-dlq';
import { QUEUES } from '../definitions/queues';
import { TABLE_DEFINITION } from '../definitions/table';
import { USER_POOL_DEFINITION } from '../definitions/user-pool';

/** The sender every email leaves from. */
export interface EmailSender {
  readonly identity: IEmailIdentity;
  /** The From address (EMAIL_FROM). */
  readonly fromAddress: string;
}

/**
 * What the stateless stacks may use. They receive it through props, so CDK
 * wires the cross-stack references and deploy order.
 */
export interface StatefulResources {
  readonly table: ITable;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly queues: Readonly<Record<QueueName, IQueue>>;
  /** Each queue's dead-letter queue: where exhausted messages wait for a person (alarmed). */
  readonly deadLetterQueues: Readonly<Record<QueueName, IQueue>>;
  /** Where the outbox relay's stream batches go when its retries are spent (their stream coordinates; alarmed). */
  readonly relayFailureQueue: IQueue;
  readonly sender: EmailSender;
  /** The platform's role towards customers' storage (see IntegrationAccessRole). */
  readonly integrationRole: IRole;
  /** What the dashboard's CloudFront proves itself to the API with (shared/http/edge.ts). */
  readonly edgeSecret: ISecret;
}

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Everything that holds data or identity: the single table, the user pool,
 * the queues and the SES sender identity. Kept apart so the stateless stacks
 * can be torn down and redeployed freely; data stores are RETAINed.
 */
export class StatefulStack extends Stack implements StatefulResources {
  readonly table: Table;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly queues: Readonly<Record<QueueName, IQueue>>;
  readonly deadLetterQueues: Readonly<Record<QueueName, IQueue>>;
  readonly relayFailureQueue: IQueue;
  readonly sender: EmailSender;
  readonly integrationRole: IRole;
  readonly edgeSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.table = this.createTable();
    this.userPool = this.createUserPool();
    this.userPoolClient = this.createUserPoolClient(this.userPool);
    ({ queues: this.queues, deadLetterQueues: this.deadLetterQueues } = this.createQueues());
    this.relayFailureQueue = new Queue(this, 'OutboxRelayFailureQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.relayFailureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the failure destination of the outbox relay (stream records it could not relay, ' +
        'after its retries); a dead-letter queue behind it would have nothing to catch. It is alarmed.',
    });
    this.sender = this.createSender(props.config.senderEmail);
    this.integrationRole = new IntegrationAccessRole(this, 'IntegrationAccess', props.config.stage).role;
    this.edgeSecret = this.createEdgeSecret(props.config.stage);
  }

  private createTable(): Table {
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    const table = new Table(this, 'Table', {
      partitionKey: key(TABLE_DEFINITION.partitionKey),
      sortKey: key(TABLE_DEFINITION.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      stream: StreamViewType[TABLE_DEFINITION.streamView],
      // The aws/dynamodb key: at-rest encryption whose use shows in CloudTrail,
      // without a customer key to administer.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
      });
    }
    return table;
  }

  private createUserPool(): UserPool {
    const { minLength, requireLowercase, requireUppercase, requireDigits, requireSymbols } =
      USER_POOL_DEFINITION.passwordPolicy;
    const pool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: USER_POOL_DEFINITION.caseSensitiveUsernames,
      selfSignUpEnabled: USER_POOL_DEFINITION.selfSignUpEnabled,
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: { minLength, requireLowercase, requireUppercase, requireDigits, requireSymbols },
      // Our API sends its own verification email and marks the address
      // verified itself; Cognito must not send codes of its own, nor offer
      // its ForgotPassword flow as a side door around the API.
      autoVerify: { email: false },
      accountRecovery: AccountRecovery.NONE,
      mfa: Mfa.OFF,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(pool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is not part of the v1 contract: users sign in through POST /v1/auth/token ' +
          '(server-side ADMIN_USER_PASSWORD_AUTH) and the API has no MFA challenge step yet.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          "The Plus plan's threat protection scores the caller's IP and device; every sign-in " +
          'here comes from our Lambda through the admin flow, so it would score Lambda, not the user, ' +
          'for a per-MAU price. Brute force is bounded by API throttling and the password policy.',
      },
    );
    return pool;
  }

  private createUserPoolClient(pool: UserPool): UserPoolClient {
    const { client } = USER_POOL_DEFINITION;
    const userPoolClient = pool.addClient('ApiClient', {
      generateSecret: false,
      // Tokens come from the API, never from the Hosted UI.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(client.idTokenValidityMinutes),
      accessTokenValidity: Duration.minutes(client.accessTokenValidityMinutes),
      refreshTokenValidity: Duration.days(client.refreshTokenValidityDays),
    });
    // The definition names Cognito's flows exactly as the local bootstrap
    // passes them; set them verbatim rather than through CDK's flag mapping,
    // which always adds ALLOW_REFRESH_TOKEN_AUTH on its own.
    const cfnClient = userPoolClient.node.defaultChild as CfnUserPoolClient;
    cfnClient.explicitAuthFlows = [...client.authFlows];
    // Verbatim too: CDK's ClientAttributes omits an empty set, which Cognito reads as "all writable".
    cfnClient.writeAttributes = [...client.writeAttributes];
    return userPoolClient;
  }

  private createQueues(): { queues: Record<QueueName, IQueue>; deadLetterQueues: Record<QueueName, IQueue> } {
    const queues: Partial<Record<QueueName, IQueue>> = {};
    const deadLetterQueues: Partial<Record<QueueName, IQueue>> = {};
    for (const definition of QUEUES) {
      const pair = new QueueWithDlq(this, `${pascalCase(definition.name)}Queue`, definition);
      queues[definition.name] = pair.queue;
      deadLetterQueues[definition.name] = pair.deadLetterQueue;
    }
    return { queues: queues as Record<QueueName, IQueue>, deadLetterQueues: deadLetterQueues as Record<QueueName, IQueue> };
  }

  /**
   * `senderEmail` is either an address (verified by a link SES mails to it)
   * or a bare domain (verified by DKIM records), then sent as no-reply@.
   * The identity keeps CloudFormation's default DESTROY: re-verifying it is
   * an operational step, not data loss, and a retained identity would block
   * recreating the stack with the same sender.
   */
  /**
   * Generated at deploy, never seen by anyone: CloudFront sends it to the
   * API in a custom origin header, the WAF scopes its rules by it and the
   * per-client limits believe the forwarded viewer address only next to it.
   */
  private createEdgeSecret(stage: string): Secret {
    const secret = new Secret(this, 'EdgeSecret', {
      secretName: edgeSecretName(stage),
      description: `Refonte Accounts (${stage}): proves a request came through the dashboard's CloudFront`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFormation resolves it into the distribution and the web ACL only when those resources change, so an ' +
        'automatic rotation would leave them on the old value while the functions read the new one. Replace it by ' +
        'putting a new value and deploying a change to both.',
    });
    return secret;
  }

  private createSender(senderEmail: string): EmailSender {
    const isAddress = senderEmail.includes('@');
    const identity = new EmailIdentity(this, 'SenderIdentity', {
      identity: isAddress ? Identity.email(senderEmail) : Identity.domain(senderEmail),
    });
    return { identity, fromAddress: isAddress ? senderEmail : `no-reply@${senderEmail}` };
  }
}
