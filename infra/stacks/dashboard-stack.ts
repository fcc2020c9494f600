import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { EDGE_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/http/edge';
import type { StageConfig } from '../config';
import { DASHBOARD_CSP, DASHBOARD_DIST } from '../definitions/dashboard';
import { acknowledgeWildcards } from '../nag/acknowledge-wildcards';

export interface DashboardStackProps extends StackProps {
  readonly config: StageConfig;
  /** The API, routed under `/v1/*` of the dashboard's own origin: no CORS needed. */
  readonly api: RestApi;
  /** Sent to the API with every `/v1/*` request, so it may believe the viewer address beside it. */
  readonly edgeSecret: ISecret;
  /** The built app (`web/dist`); default: the repository's. */
  readonly distDir?: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The customer dashboard: its built files in a private bucket (no public
 * access; CloudFront reads it through Origin Access Control), served over
 * HTTPS only with a strict Content-Security-Policy and the other security
 * headers. `/v1/*` on the same distribution goes to the API uncached, so the
 * app and the API share an origin.
 */
export class DashboardStack extends Stack {
  readonly distribution: Distribution;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const distDir = props.distDir ?? path.join(REPO_ROOT, DASHBOARD_DIST);
    if (!existsSync(path.join(distDir, 'index.html'))) {
      throw new Error(`${distDir}/index.html is missing: build the dashboard first (npm run web:build)`);
    }

    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the dashboard bucket and distribution; logging it into itself would loop.',
    });

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'bucket/',
      // Built files only: a deploy puts them back.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Dashboard: strict CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: DASHBOARD_CSP, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    // The app routes on the path (the emails' links are /verify-email?token=…): any path without a file extension is the app.
    const appRoutes = new CloudFrontFunction(this, 'AppRoutes', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Dashboard pages are index.html',
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) { r.uri = '/index.html'; } return r; }",
      ),
    });

    // The API counts customers, not edges: the viewer's address goes along, overwriting any a client sent.
    const viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'API requests carry the viewer address (IPv6: its /64)',
      code: FunctionCode.fromInline(viewerAddressFunction(VIEWER_ADDRESS_HEADER)),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Refonte dashboard (${props.config.stage})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: appRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          // A custom origin header replaces any same-named header from the viewer.
          origin: new RestApiOrigin(props.api, { customHeaders: { [EDGE_SECRET_HEADER]: props.edgeSecret.secretValue.unsafeUnwrap() } }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The dashboard serves customers wherever they are; no country is restricted.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: "The API behind /v1/* has its own WAF web ACL (per-IP rate rule) on its stage; the static files need none.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: "The stage uses CloudFront's default certificate (*.cloudfront.net), for which CloudFront fixes the TLS policy; a custom domain sets TLSv1.2_2021.",
      },
    );

    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(distDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
      memoryLimit: 512,
    });
    this.acknowledgeDeployment(deployment);

    new CfnOutput(this, 'DashboardUrl', { value: `https://${this.distribution.distributionDomainName}/`, description: 'The customer dashboard' });
    new CfnOutput(this, 'DashboardBucketName', { value: this.bucket.bucketName });
  }

  /** CDK's BucketDeployment custom resource: its own function and role, as the CDK makes them. */
  private acknowledgeDeployment(deployment: BucketDeployment): void {
    const provider = this.node.findAll().filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const scope of [deployment, ...provider]) {
      Validations.of(scope).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's BucketDeployment provider function logs with the AWS-managed basic execution policy.",
        },
        { id: 'AwsSolutions-L1', reason: "The BucketDeployment provider's runtime is chosen by the CDK version." },
      );
      acknowledgeWildcards(scope, {
        finding: /^Action::s3:|^Resource::.*\*$|^Action::cloudfront:|^Resource::\*$/,
        reason: 'BucketDeployment copies the build into the dashboard bucket (every object under it) and invalidates the distribution.',
      });
    }
  }
}

/**
 * The viewer-request function of `/v1/*`: the viewer's IPv4 address, or the
 * /64 network of its IPv6 one (`2001:db8:1:2::`) — one customer holds a whole
 * /64, and the WAF's forwarded-IP rule counts each distinct address, so full
 * IPv6 addresses would let a customer step past it. ES5, as CloudFront
 * Functions run it; a test runs it.
 */
export function viewerAddressFunction(header: string): string {
  return [
    'function handler(event) {',
    '  var ip = event.viewer.ip;',
    "  if (ip.indexOf(':') !== -1) {",
    "    var halves = ip.split('::');",
    "    var head = halves[0] ? halves[0].split(':') : [];",
    "    var tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];",
    "    while (head.length + tail.length < 8) head.push('0');",
    "    ip = head.concat(tail).slice(0, 4).join(':') + '::';",
    '  }',
    `  event.request.headers['${header}'] = { value: ip };`,
    '  return event.request;',
    '}',
  ].join('\n');
}
