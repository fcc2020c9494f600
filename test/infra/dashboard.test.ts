import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { buildApp } from '../../infra/build-app';
import { DASHBOARD_CSP } from '../../infra/definitions/dashboard';
import { resourcesOfType, templateOf, toArray, type CfnTemplate } from './template-helpers';

/**
 * The dashboard's stack, from the real app cut down to two routes and
 * without bundling (the dashboard does not depend on which routes exist).
 * The cdk-nag gate (nag-gate.test.ts) holds the whole app, dashboard
 * included, to no unacknowledged finding.
 */
let template: CfnTemplate;
beforeAll(() => {
  const probe = buildApp({
    outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-cdk-dashboard-')),
    context: { 'aws:cdk:bundling-stacks': [] },
    routes: [routes.health, routes.getMe],
  });
  template = templateOf(probe.app.synth(), probe.dashboard);
}, 180_000);

const one = (type: string) => {
  const found = resourcesOfType(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]![1].Properties!;
};
const distribution = () => one('AWS::CloudFront::Distribution').DistributionConfig;

describe('the dashboard stack', () => {
  it('keeps every bucket private: all public access blocked, and no policy allows anyone but CloudFront', () => {
    const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThan(0);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties!.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties!.WebsiteConfiguration).toBeUndefined();
    }
    for (const [, policy] of resourcesOfType(template, 'AWS::S3::BucketPolicy')) {
      for (const statement of toArray(policy.Properties!.PolicyDocument.Statement) as Array<Record<string, any>>) {
        if (statement.Effect !== 'Allow') continue;
        expect(statement.Principal, JSON.stringify(statement)).not.toBe('*');
        expect(statement.Principal?.AWS, JSON.stringify(statement)).not.toBe('*');
      }
    }
  });

  it('reads the bucket through Origin Access Control (signed requests), not a legacy identity', () => {
    const oac = one('AWS::CloudFront::OriginAccessControl').OriginAccessControlConfig;
    expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const s3Origins = distribution().Origins.filter((o: Record<string, any>) => o.S3OriginConfig);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins[0].OriginAccessControlId).toBeDefined();
    expect(s3Origins[0].S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
    expect(resourcesOfType(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    const [, policy] = resourcesOfType(template, 'AWS::S3::BucketPolicy').find(([, p]) =>
      JSON.stringify(p.Properties!.PolicyDocument).includes('cloudfront.amazonaws.com'),
    )!;
    const grant = (toArray(policy.Properties!.PolicyDocument.Statement) as Array<Record<string, any>>).find((s) => s.Principal?.Service === 'cloudfront.amazonaws.com')!;
    expect(grant.Action).toBe('s3:GetObject');
    expect(JSON.stringify(grant.Condition)).toContain('AWS:SourceArn');
  });

  it('serves HTTPS only, with the strict Content-Security-Policy and security headers on every page', () => {
    const config = distribution();
    const behaviors = [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])];
    for (const b of behaviors) expect(['redirect-to-https', 'https-only']).toContain(b.ViewerProtocolPolicy);
    const headers = one('AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: DASHBOARD_CSP, Override: true });
    const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:/);
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(headers.ContentTypeOptions.Override).toBe(true);
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('no-referrer');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it('routes /v1/* to the API on the same origin, uncached, every method', () => {
    const v1 = distribution().CacheBehaviors.find((b: Record<string, any>) => b.PathPattern === '/v1/*');
    expect(v1).toBeDefined();
    expect(v1.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    // The managed CachingDisabled policy.
    expect(v1.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    const origin = distribution().Origins.find((o: Record<string, any>) => o.Id === v1.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it("vouches for the viewer's address to the API: a viewer-request function sets it, the edge secret goes with it", () => {
    const v1 = distribution().CacheBehaviors.find((b: Record<string, any>) => b.PathPattern === '/v1/*');
    // All viewer headers but Host: the function's header reaches the API.
    expect(v1.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    const [association] = toArray(v1.FunctionAssociations) as Record<string, any>[];
    expect(association!.EventType).toBe('viewer-request');
    const functions = resourcesOfType(template, 'AWS::CloudFront::Function');
    const viewerAddress = functions.find(([id]) => JSON.stringify(association!.FunctionARN).includes(id));
    const code = viewerAddress![1].Properties!.FunctionCode as string;
    // Run as CloudFront would: it overwrites whatever a client sent under that name; IPv6 becomes its /64.
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { headers: Record<string, { value: string }> };
    const forwarded = (ip: string) =>
      handler({ viewer: { ip }, request: { headers: { 'x-refonte-viewer-address': { value: '6.6.6.6' } } } }).headers['x-refonte-viewer-address']!.value;
    expect(forwarded('203.0.113.7')).toBe('203.0.113.7');
    expect(forwarded('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::');
    expect(forwarded('2001:db8:1:2::9')).toBe('2001:db8:1:2::');
    expect(forwarded('2001:db8::1')).toBe('2001:db8:0:0::');
    expect(forwarded('::1')).toBe('0:0:0:0::');

    const origin = distribution().Origins.find((o: Record<string, any>) => o.Id === v1.TargetOriginId);
    expect(origin.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'x-refonte-edge-secret',
        // Resolved by CloudFormation at deploy: the template never holds the value.
        HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', expect.anything(), ':SecretString:::}}']] },
      },
    ]);
  });

  it('publishes its URL as the DashboardUrl output', () => {
    expect(Object.keys(template.Outputs ?? {})).toContain('DashboardUrl');
    expect(JSON.stringify(template.Outputs!.DashboardUrl!.Value)).toMatch(/https:\/\//);
  });
});
