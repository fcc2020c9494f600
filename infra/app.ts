#!/usr/bin/env node
// CDK entry (cdk.json: `node --import tsx infra/app.ts`, a second faster than `npx tsx`, which starts npm and then a child node); everything else is in build-app.ts.
import { buildApp } from './build-app';
import { oneShotEsbuild } from './bundling/one-shot-esbuild';

oneShotEsbuild();
buildApp().app.synth();
