import { Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { EDGE_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/http/edge';

export interface ApiRateGuardProps {
  /** The API stage the web ACL guards. */
  readonly stage: Stage;
  /** Requests one client IP may make in any 5 minutes, all routes together, before WAF blocks it. */
  readonly requestsPer5Minutes: number;
  /** The dashboard's CloudFront sends it with the viewer's address (shared/http/edge.ts). */
  readonly edgeSecret: ISecret;
}

/**
 * The outer guard of the API: a WAF web ACL on the stage with a rate-based
 * rule per client IP — the connection's, or for a request that carries the
 * edge secret (it came through the dashboard's CloudFront), the viewer
 * address CloudFront forwarded; one edge serves many customers, and a
 * forwarded address without the secret is anyone's to forge. The contract's limits (per team, per
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
    const fromEdge: CfnWebACL.StatementProperty = {
      byteMatchStatement: {
        fieldToMatch: { singleHeader: { Name: EDGE_SECRET_HEADER } },
        positionalConstraint: 'EXACTLY',
        searchString: props.edgeSecret.secretValue.unsafeUnwrap(),
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: metricConfig(`${Stack.of(this).stackName}-waf`),
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
        this.rateRule('RatePerClientIp', 0, props.requestsPer5Minutes, { aggregateKeyType: 'IP', scopeDownStatement: { notStatement: { statement: fromEdge } } }),
        this.rateRule('RatePerViewerIp', 1, props.requestsPer5Minutes, {
          aggregateKeyType: 'FORWARDED_IP',
          forwardedIpConfig: { headerName: VIEWER_ADDRESS_HEADER, fallbackBehavior: 'MATCH' },
          scopeDownStatement: fromEdge,
        }),
      ],
    });
    new CfnWebACLAssociation(this, 'StageAssociation', { resourceArn: props.stage.stageArn, webAclArn: this.webAcl.attrArn });
  }

  /** A blocking rate rule: the contract's 429 body and Retry-After (the rule's window). */
  private rateRule(
    name: string,
    priority: number,
    limit: number,
    aggregation: Omit<CfnWebACL.RateBasedStatementProperty, 'limit' | 'evaluationWindowSec'>,
  ): CfnWebACL.RuleProperty {
    return {
      name,
      priority,
      action: {
        block: {
          customResponse: { responseCode: 429, customResponseBodyKey: 'rateLimited', responseHeaders: [{ name: 'retry-after', value: '300' }] },
        },
      },
      statement: { rateBasedStatement: { ...aggregation, limit, evaluationWindowSec: 300 } },
      visibilityConfig: metricConfig(`${Stack.of(this).stackName}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`),
    };
  }
}

/**
 * Metrics, but no sampled requests: a sample shows every header of the
 * request, and every request through the dashboard's CloudFront carries the
 * edge secret.
 */
function metricConfig(name: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: false };
}
