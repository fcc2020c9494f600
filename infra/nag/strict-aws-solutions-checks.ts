import { AwsSolutionsChecks, NagMessageLevel, type IApplyRule } from 'cdk-nag';

/**
 * The AwsSolutions pack with every finding raised as an error. CDK only
 * fails synthesis on errors, and a warning-level finding (no WAF, no MFA…)
 * deserves the same explicit, reasoned acknowledgement as any other, so an
 * unacknowledged warning fails synth too.
 */
export class StrictAwsSolutionsChecks extends AwsSolutionsChecks {
  protected override applyRule(params: IApplyRule): void {
    super.applyRule({ ...params, level: NagMessageLevel.ERROR });
  }
}
