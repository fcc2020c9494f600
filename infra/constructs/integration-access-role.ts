import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EXTERNAL_ID_PREFIX } from '../../shared/domain/integrations/aws-access';
import { acknowledgeWildcards, ARN_PARTITION } from '../nag/acknowledge-wildcards';

/**
 * The platform's identity towards customers' clouds: the principal their
 * AWS roles trust (with a per-integration external id) and the AWS role
 * their Google workload identity providers trust. It lives with the
 * stateful resources because customers write its ARN into their policies:
 * it must survive redeploys of the API.
 *
 * It may assume any role — customers' roles are in their own accounts,
 * unknown at deploy time — but only with one of our external ids, so it can
 * never be used as a confused deputy against a role that trusts it without
 * one. Who may assume this role is granted per function (the verify
 * function only), by IAM in this account.
 */
export class IntegrationAccessRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, stage: string) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new AccountRootPrincipal(),
      description: `Refonte ${stage}: assumes customers' storage roles (with our external ids) and signs Google federation`,
      maxSessionDuration: Duration.hours(1),
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [`arn:${Stack.of(this).partition}:iam::*:role/*`],
        conditions: {
          StringLike: { 'sts:ExternalId': `${EXTERNAL_ID_PREFIX}*`, 'sts:RoleSessionName': 'refonte-intg_*' },
        },
      }),
    );
    acknowledgeWildcards(this.role, {
      finding: new RegExp(`^Resource::arn:${ARN_PARTITION}:iam::\\*:role/\\*$`),
      reason:
        "Customers' roles live in their own accounts, unknown at deploy time; AssumeRole is allowed only " +
        'with one of our per-integration external ids (sts:ExternalId refonte-*), which each role trusts for its integration alone.',
    });
    new CfnOutput(Stack.of(this), 'IntegrationRoleArn', {
      value: this.role.roleArn,
      description: "The platform's AWS role: the principal customers' storage roles trust (with the external id we give)",
    });
  }
}
