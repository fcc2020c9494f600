import { fileURLToPath } from 'node:url';
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { routeList } from '../functions/routes';
import type { RouteDefinition } from '../shared/http/route';
import { readStageConfig, type StageConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { StatefulStack } from './stacks/stateful-stack';

export interface BuildAppOptions {
  /** Context as `-c key=value` gives it: stage, senderEmail, appBaseUrl, throttleRate, throttleBurst. */
  readonly context?: Readonly<Record<string, string | number>>;
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
}

const FUNCTIONS_DIR = fileURLToPath(new URL('../functions/', import.meta.url));

/**
 * Builds the whole app: used by `infra/app.ts` (the CDK CLI) and by the
 * infra tests, which synthesize it in-process.
 *
 * Stacks are environment-agnostic unless the CLI knows the account/region
 * (CDK_DEFAULT_*), so `cdk synth` needs no credentials and no network.
 * cdk-nag's AwsSolutions pack runs as a validation plugin: any finding not
 * acknowledged (with its reason, next to the resource) fails synthesis.
 */
export function buildApp(options: BuildAppOptions = {}): RefonteApp {
  const app = new App({ context: options.context, outdir: options.outdir });
  const config = readStageConfig(app);
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
    routes: options.routes ?? routeList,
    functionsDir: FUNCTIONS_DIR,
    description: `Refonte Accounts (${config.stage}): REST API and operation functions`,
  });
  const messaging = new MessagingStack(app, name('Messaging'), {
    env,
    config,
    stateful,
    description: `Refonte Accounts (${config.stage}): queue consumers and schedules`,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stateful, api, messaging };
}
