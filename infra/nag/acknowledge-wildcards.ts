import { CfnResource, Validations } from 'aws-cdk-lib';
import { rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';

const WILDCARD_RULE = 'AwsSolutions-IAM5';

/**
 * An ARN's partition as a finding renders it: a token when the stack's
 * environment is agnostic (tests), `aws` (or `aws-cn`, …) once `cdk synth`
 * knows the region — as it does wherever a profile or AWS_REGION is set.
 */
export const ARN_PARTITION = '(?:<AWS::Partition>|aws(?:-[a-z]+)*)';

/** One kind of wildcard a principal legitimately needs, and why. */
export interface WildcardAcknowledgement {
  /** Matches the finding as cdk-nag renders it, e.g. `Resource::*`. */
  readonly finding: RegExp;
  readonly reason: string;
}

/**
 * Acknowledges the AwsSolutions-IAM5 (wildcard) findings on the IAM policies
 * under `scope` that match one of `acknowledgements`, each with its reason.
 *
 * cdk-nag 3 acknowledges a finding by its exact id, e.g.
 * `AwsSolutions-IAM5[Resource::<ref>/index/*]`, and a cross-stack ARN gets
 * its final rendering (an import, or a nested-stack parameter with a hashed
 * name) only when CDK resolves references during synthesis. So the ids are
 * computed then: construct validations run after reference resolution and
 * before the validation plugins. Each matching finding gets its own exact
 * acknowledgement; findings that match nothing still fail synth.
 */
export function acknowledgeWildcards(scope: IConstruct, ...acknowledgements: WildcardAcknowledgement[]): void {
  scope.node.addValidation({
    validate: () => {
      for (const finding of wildcardFindings(scope)) {
        const match = acknowledgements.find(({ finding: pattern }) => pattern.test(finding));
        if (match) Validations.of(scope).acknowledge({ id: `${WILDCARD_RULE}[${finding}]`, reason: match.reason });
      }
      return [];
    },
  });
}

function wildcardFindings(scope: IConstruct): Set<string> {
  const findings = new Set<string>();
  for (const construct of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(construct)) continue;
    const result = rules.iam.IAMNoWildcardPermissions(construct);
    if (Array.isArray(result)) result.forEach((finding) => findings.add(finding));
  }
  return findings;
}
