/**
 * The unit tier's environment: what modules read at import (table name,
 * pool ids, sender), with every AWS endpoint on a port nothing listens on —
 * unit tests run no emulator, and a call that escaped would fail at once
 * rather than reach anything.
 */
const NOWHERE = 'http://127.0.0.1:9';

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'unit',
  AWS_SECRET_ACCESS_KEY: 'unit',
  AWS_ENDPOINT_URL: NOWHERE,
  AWS_ENDPOINT_URL_DYNAMODB: NOWHERE,
  AWS_MAX_ATTEMPTS: '1',
  STAGE: 'unit',
  TABLE_NAME: 'unit-no-table',
  USER_POOL_ID: 'us-east-1_unit',
  USER_POOL_CLIENT_ID: 'unit-client',
  EMAIL_FROM: 'no-reply@refonte.example',
  APP_BASE_URL: 'https://app.refonte.example',
  ALLOW_LOOPBACK_CALLBACKS: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
});
