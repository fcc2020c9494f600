#!/usr/bin/env node
// CDK entry (cdk.json: `npx tsx infra/app.ts`); everything else is in build-app.ts.
import { buildApp } from './build-app';
import { muteBundlingLines } from './quiet-bundling';

muteBundlingLines();
buildApp().app.synth();
