import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStageConfig } from '../../infra/config';

describe('stage configuration', () => {
  it("defaults to dev with the contract's per-team limit and a stage-wide safety net far above it", () => {
    expect(readStageConfig(new App())).toEqual({
      stage: 'dev',
      senderEmail: 'no-reply@refonte.example',
      appBaseUrl: 'https://app.refonte.example',
      teamRateLimit: { perSecond: 50, burst: 100 },
      clientRateLimit: { perMinute: 20 },
      wafRateLimit: { per5Minutes: 3000 },
      throttle: { rateLimit: 1000, burstLimit: 2000 },
    });
  });

  it("takes the public routes' per-client limit and the WAF rule's from context", () => {
    const config = readStageConfig(new App({ context: { clientRateLimit: '60', wafRateLimit: '500' } }));
    expect(config).toMatchObject({ clientRateLimit: { perMinute: 60 }, wafRateLimit: { per5Minutes: 500 } });
    expect(() => readStageConfig(new App({ context: { clientRateLimit: '0' } }))).toThrow(/clientRateLimit/);
  });

  it('takes overrides from context, as -c passes them (strings)', () => {
    const config = readStageConfig(
      new App({
        context: { stage: 'prod', throttleRate: '20', throttleBurst: '40', teamRateLimit: '5', teamRateBurst: '8', appBaseUrl: 'https://x.example/' },
      }),
    );
    expect(config).toMatchObject({
      stage: 'prod',
      appBaseUrl: 'https://x.example',
      throttle: { rateLimit: 20, burstLimit: 40 },
      teamRateLimit: { perSecond: 5, burst: 8 },
    });
  });

  it('refuses values that cannot go into stack names, ARNs or throttling', () => {
    expect(() => readStageConfig(new App({ context: { stage: 'Prod/EU' } }))).toThrow(/stage/);
    expect(() => readStageConfig(new App({ context: { throttleRate: 'fast' } }))).toThrow(/throttleRate/);
    expect(() => readStageConfig(new App({ context: { appBaseUrl: 'app.example' } }))).toThrow(/appBaseUrl/);
  });
});
