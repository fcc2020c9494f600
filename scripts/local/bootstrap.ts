import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { QUEUES } from '../../infra/definitions/queues';
import { TABLE_DEFINITION } from '../../infra/definitions/table';
import { USER_POOL_DEFINITION } from '../../infra/definitions/user-pool';
import { edgeSecretName } from '../../shared/http/edge';
import { newSecretToken } from '../../shared/domain/tokens';
import { LOCAL_STAGE } from './function-env';

/** What the emulators hold after bootstrap: the local twin of the stacks' outputs. */
export interface LocalResources {
  tableName: string;
  userPoolId: string;
  userPoolClientId: string;
  jwksUri: string;
  emailFrom: string;
  queueUrls: Record<string, string>;
  /**
   * The platform's integration role. moto's AssumeRole accepts any role ARN
   * (it checks neither existence nor trust), so naming it is all the local
   * stack needs; its ARN has the shape the CDK output has.
   */
  integrationRoleArn: string;
  /** The table's stream, which the dev server's poller plays the relay's event source on. */
  tableStreamArn: string;
}

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Creates the table, user pool and client, SES sender identity and queues
 * (each with its DLQ) in the emulators, from the same definitions the CDK
 * stateful stack uses, so local and AWS cannot drift apart.
 */
export async function bootstrapResources(opts: {
  dynamodbEndpoint: string;
  awsEndpoint: string;
  prefix: string;
  emailFrom: string;
}): Promise<LocalResources> {
  const common = { region: REGION, credentials };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: opts.dynamodbEndpoint });
  const cognito = new CognitoIdentityProviderClient({ ...common, endpoint: opts.awsEndpoint });
  const ses = new SESClient({ ...common, endpoint: opts.awsEndpoint });
  const sqs = new SQSClient({ ...common, endpoint: opts.awsEndpoint });

  const tableName = `${opts.prefix}-table`;
  const t = TABLE_DEFINITION;
  const gsiAttributes = t.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]);
  // With `npm start -- --persist` the table survives a restart: keep it as it is.
  const created = await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: t.partitionKey, KeyType: 'HASH' },
        { AttributeName: t.sortKey, KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: t.streamView },
      AttributeDefinitions: [t.partitionKey, t.sortKey, ...gsiAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      GlobalSecondaryIndexes: t.globalSecondaryIndexes.map(
        (g): GlobalSecondaryIndex => ({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' },
            { AttributeName: g.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ),
    }),
  ).then(
    () => true,
    (error: Error) => {
      if (error.name === 'ResourceInUseException') return false;
      throw error;
    },
  );
  if (created) {
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: t.timeToLiveAttribute, Enabled: true },
      }),
    );
  }

  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream (made before streams were enabled? delete .local/dynamodb)`);

  const p = USER_POOL_DEFINITION;
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: `${opts.prefix}-users`,
      UsernameAttributes: [...p.usernameAttributes],
      UsernameConfiguration: { CaseSensitive: p.caseSensitiveUsernames },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: !p.selfSignUpEnabled },
      Policies: {
        PasswordPolicy: {
          MinimumLength: p.passwordPolicy.minLength,
          RequireLowercase: p.passwordPolicy.requireLowercase,
          RequireUppercase: p.passwordPolicy.requireUppercase,
          RequireNumbers: p.passwordPolicy.requireDigits,
          RequireSymbols: p.passwordPolicy.requireSymbols,
        },
      },
    }),
  );
  const userPoolId = UserPool!.Id!;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: `${opts.prefix}-api`,
      GenerateSecret: false,
      ExplicitAuthFlows: [...p.client.authFlows],
      WriteAttributes: [...p.client.writeAttributes],
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'days' },
      IdTokenValidity: p.client.idTokenValidityMinutes,
      AccessTokenValidity: p.client.accessTokenValidityMinutes,
      RefreshTokenValidity: p.client.refreshTokenValidityDays,
    }),
  );

  // Like the SES sandbox, moto refuses an unverified sender.
  await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: opts.emailFrom }));

  const queueUrls: Record<string, string> = {};
  for (const q of QUEUES) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${opts.prefix}-${q.name}-dlq` }));
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${opts.prefix}-${q.name}`,
        Attributes: {
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          DelaySeconds: String(q.deliveryDelaySeconds),
          MessageRetentionPeriod: String(q.retentionDays * 86400),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    queueUrls[q.name] = queue.QueueUrl!;
  }

  // The edge secret the stateful stack generates. No CloudFront runs locally, but a test can play it.
  const secrets = new SecretsManagerClient({ ...common, endpoint: opts.awsEndpoint });
  await secrets.send(new CreateSecretCommand({ Name: edgeSecretName(LOCAL_STAGE), SecretString: newSecretToken() })).catch((error: Error) => {
    if (error.name !== 'ResourceExistsException') throw error;
  });

  for (const client of [dynamodb, cognito, ses, sqs, secrets]) client.destroy();
  return {
    tableName,
    userPoolId,
    userPoolClientId: UserPoolClient!.ClientId!,
    jwksUri: `${opts.awsEndpoint}/${userPoolId}/.well-known/jwks.json`,
    emailFrom: opts.emailFrom,
    queueUrls,
    integrationRoleArn: `arn:aws:iam::123456789012:role/${opts.prefix}-integration-access`,
    tableStreamArn: Table.LatestStreamArn,
  };
}
