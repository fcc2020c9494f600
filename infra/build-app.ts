import { readFileSync } from 'node:fs';
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { routeList } from '../functions/routes';
import type { RouteDefinition } from '../shared/http/route';
import { planBundles } from './bundling/app-bundles';
import { FUNCTIONS_DIR } from './bundling/functions-dir';
import { readStageConfig, type StageConfig } from './config';
import { allFunctions } from './definitions/functions';
import { ApiStack } from './stacks/api-stack';
import { DashboardStack } from './stacks/dashboard-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { StatefulStack } from './stacks/stateful-stack';

export interface BuildAppOptions {
  /** Context as `-c key=value` gives it: stage, senderEmail, appBaseUrl, throttleRate, throttleBurst, or any CDK key. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Cloud assembly directory; default: the CLI's, or a fresh temporary one. */
  readonly outdir?: string;
  /** The route table; default: functions/routes.ts. */
  readonly routes?: readonly RouteDefinition[];
}

export interface RefonteApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  readonly messaging: MessagingStack;
  readonly dashboard: DashboardStack;
}

/**
 * Feature flags this app relies on, as defaults that `-c` still overrides.
 * cdk.json sets every flag of aws-cdk-lib to its recommended value (as
 * `cdk init` does for a new app); they are read here too, so the infra tests,
 * which synthesize in-process without the CLI, build what `cdk synth` builds.
 * Cross-stack references stay "strong" (CloudFormation exports): the
 * stateful stack then cannot drop an output the API still imports.
 */
const CDK_JSON_FLAGS = Object.fromEntries(
  Object.entries((JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context).filter(
    ([key]) => key.startsWith('@aws-cdk'),
  ),
);
const FLAG_DEFAULTS = { ...CDK_JSON_FLAGS, '@aws-cdk/core:defaultCrossStackReferences': 'strong' };


/**
 * Builds the whole app: used by `infra/app.ts` (the CDK CLI) and by the
 * infra tests, which synthesize it in-process.
 *
 * The environment is whatever the CLI resolved into CDK_DEFAULT_ACCOUNT/REGION:
 * without credentials the account stays unknown (and the CLI falls back to
 * us-east-1), and nothing here looks anything up, so `cdk synth` needs no
 * credentials and no network.
 * cdk-nag's AwsSolutions pack runs as a validation plugin: any finding not
 * acknowledged (with its reason, next to the resource) fails synthesis —
 * warning-level ones too, since cdk-nag marks its report failed on any
 * violation (test/infra/nag-gate.test.ts holds it to that).
 */
export function buildApp(options: BuildAppOptions = {}): RefonteApp {
  const app = new App({
    context: { ...FLAG_DEFAULTS, ...options.context },
    outdir: options.outdir,
    // cdk-nag is this app's synth gate. CDK's built-in CloudFormation
    // validation only warns, costs ~5 s plus ~0.25 s per function (it would
    // push `npm run synth` past its 60 s budget at ~50 routes), and
    // CloudFormation validates the templates again on deploy.
    builtinCloudFormationValidation: false,
  });
  const config = readStageConfig(app);
  const routes = options.routes ?? routeList;
  planBundles(
    app,
    allFunctions(routes).map((fn) => ({ entry: `${FUNCTIONS_DIR}${fn.handler}.ts`, codeSplitting: fn.codeSplitting === true })),
  );
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  const name = (part: string) => `Refonte-${config.stage}-${part}`;

  const stateful = new StatefulStack(app, name('Stateful'), {
    env,
    config,
    description: `Refonte Accounts (${config.stage}): table, user pool, queues, sender identity`,
  });
  const api = new ApiStack(app, name('Api'), {
    env,
    config,
    stateful,
    routes,
    functionsDir: FUNCTIONS_DIR,
    description: `Refonte Accounts (${config.stage}): REST API and operation functions`,
  });
  const messaging = new MessagingStack(app, name('Messaging'), {
    env,
    config,
    stateful,
    alarms: api.alarms,
    description: `Refonte Accounts (${config.stage}): queue consumers and schedules`,
  });

  const dashboard = new DashboardStack(app, name('Dashboard'), {
    env,
    config,
    api: api.api,
    edgeSecret: stateful.edgeSecret,
    description: `Refonte Accounts (${config.stage}): the customer dashboard (S3 behind CloudFront, /v1/* to the API)`,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stateful, api, messaging, dashboard };
}
