import { Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiRateGuardProps {
  /** The API stage the web ACL guards. */
  readonly stage: Stage;
  /** Requests one client IP may make in any 5 minutes, all routes together, before WAF blocks it. */
  readonly requestsPer5Minutes: number;
}

/**
 * The outer guard of the API: a WAF web ACL on the stage with one
 * rate-based rule per client IP. The contract's limits (per team, per
 * client and route, per sign-in address) are the functions' own DynamoDB
 * counters, which answer 429 with the contract's body; this rule sits far
 * above them and only stops floods before they cost Lambda invocations.
 * WAF answers a blocked request itself: a 429 with the contract's error
 * body and Retry-After (its window), though with a fixed `request_id`,
 * since WAF cannot echo API Gateway's.
 */
export class ApiRateGuard extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiRateGuardProps) {
    super(scope, id);
    const metric = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: metric(`${Stack.of(this).stackName}-waf`),
      customResponseBodies: {
        rateLimited: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: { code: 'rate_limited', message: 'Too many requests from this address: slow down and retry later.' },
            request_id: 'waf-rate-limit',
          }),
        },
      },
      rules: [
        {
          name: 'RatePerClientIp',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'rateLimited',
                responseHeaders: [{ name: 'retry-after', value: '300' }],
              },
            },
          },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: props.requestsPer5Minutes, evaluationWindowSec: 300 } },
          visibilityConfig: metric(`${Stack.of(this).stackName}-rate-per-ip`),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'StageAssociation', { resourceArn: props.stage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
