import type { Construct } from 'constructs';

/**
 * What differs between stages, read once from CDK context (`-c key=value`
 * on the command line, or `cdk.json`). Everything else is the same in every
 * stage, so a preview stage behaves like production.
 */
export interface StageConfig {
  /** Lower-case stage name: part of the stack names and the secrets prefix. */
  readonly stage: string;
  /** SES sender: an address (`no-reply@x.com`) or a domain (`x.com`). */
  readonly senderEmail: string;
  /** The web app that emailed links point to. */
  readonly appBaseUrl: string;
  /**
   * The contract's per-team limit (requests/s sustained, burst), enforced by
   * the functions with a DynamoDB counter per team.
   */
  readonly teamRateLimit: { readonly perSecond: number; readonly burst: number };
  /**
   * The contract's per-client limit of public routes (requests a minute per
   * client IP address and route), enforced by the functions with a
   * DynamoDB counter per address, route and minute.
   */
  readonly clientRateLimit: { readonly perMinute: number };
  /**
   * The WAF rate-based rule in front of the stage: requests per client IP
   * in any 5 minutes, all routes together. The outer guard, far above what
   * the functions' own limits let through, so it only stops floods before
   * they cost Lambda invocations.
   */
  readonly wafRateLimit: { readonly per5Minutes: number };
  /**
   * Stage-wide API Gateway throttling: a safety net for the whole API,
   * far above one team's limit so that no tenant's traffic starves another.
   */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

const DEFAULTS = {
  stage: 'dev',
  senderEmail: 'no-reply@refonte.example',
  appBaseUrl: 'https://app.refonte.example',
  teamRateLimit: 50,
  teamRateBurst: 100,
  clientRateLimit: 20,
  wafRateLimit: 3000,
  throttleRate: 1000,
  throttleBurst: 2000,
} as const;

// The stage ends up in stack names, a secrets ARN pattern and log group
// names; keeping it short and lower-case keeps all three valid.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/** Reads and checks the stage configuration; throws on a malformed value. */
export function readStageConfig(scope: Construct): StageConfig {
  const stage = stringContext(scope, 'stage', DEFAULTS.stage);
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`Context "stage" must match ${STAGE_PATTERN} (got "${stage}")`);
  }
  const appBaseUrl = stringContext(scope, 'appBaseUrl', DEFAULTS.appBaseUrl);
  if (!/^https?:\/\/[^/]+/.test(appBaseUrl)) {
    throw new Error(`Context "appBaseUrl" must be an http(s) URL (got "${appBaseUrl}")`);
  }
  return {
    stage,
    senderEmail: stringContext(scope, 'senderEmail', DEFAULTS.senderEmail),
    appBaseUrl: appBaseUrl.replace(/\/+$/, ''),
    teamRateLimit: {
      perSecond: numberContext(scope, 'teamRateLimit', DEFAULTS.teamRateLimit),
      burst: numberContext(scope, 'teamRateBurst', DEFAULTS.teamRateBurst),
    },
    clientRateLimit: { perMinute: numberContext(scope, 'clientRateLimit', DEFAULTS.clientRateLimit) },
    wafRateLimit: { per5Minutes: numberContext(scope, 'wafRateLimit', DEFAULTS.wafRateLimit) },
    throttle: {
      rateLimit: numberContext(scope, 'throttleRate', DEFAULTS.throttleRate),
      burstLimit: numberContext(scope, 'throttleBurst', DEFAULTS.throttleBurst),
    },
  };
}

function stringContext(scope: Construct, key: string, fallback: string): string {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string`);
  return value;
}

// `-c throttleRate=20` arrives as the string "20"; cdk.json may give a number.
function numberContext(scope: Construct, key: string, fallback: number): number {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`Context "${key}" must be a positive integer (got "${String(value)}")`);
  }
  return parsed;
}
