import { randomBytes } from 'node:crypto';
import { ROLE_ARN } from './storage-names';

/**
 * What a customer grants us in AWS. Their role trusts the platform's role
 * (a stack output) and only with this integration's external id — the
 * confused-deputy defence: another customer who learns their role ARN
 * cannot have us assume it, since we only ever pass that customer's own id.
 */

/** `refonte-` and 32 hex digits; the platform role may only assume roles with ids of this form. */
export const EXTERNAL_ID_PREFIX = 'refonte-';

export function newExternalId(): string {
  return `${EXTERNAL_ID_PREFIX}${randomBytes(16).toString('hex')}`;
}

export function trustPolicy(platformRoleArn: string, externalId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: platformRoleArn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
}

/** The permissions policy the customer's role needs on their bucket: list under the prefix, and read, write, delete objects there. */
export function permissionsPolicy(bucket: string, prefix: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${bucket}`,
        ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `arn:aws:s3:::${bucket}/${prefix}*`,
      },
    ],
  };
}

/** The account and role name of a role ARN (the platform role's, for the Google setup). */
export function roleParts(roleArn: string): { accountId: string; roleName: string } {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new Error('Not a role ARN');
  return { accountId: match[1]!, roleName: match[3]! };
}
