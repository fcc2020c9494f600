#!/usr/bin/env node
// CDK entry (cdk.json: `npx tsx infra/app.ts`); everything else is in build-app.ts.
import { buildApp } from './build-app';

buildApp().app.synth();
