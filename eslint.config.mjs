// ESLint (flat config): typescript-eslint's recommended rules, and the house's
// import boundaries as errors — so layering is enforced, not hoped for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DYNAMODB_SDK = [
  { group: ['@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb'], message: 'DynamoDB is reached through shared/db (and its client in shared/clients) only.' },
];
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.cache/**', '.local/**', 'coverage/**', 'web/dist/**', 'client/openapi-types.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The bundles leave out what tracing the AWS SDK v2 needs (XRAY_V2_SEMVER in infra/bundling/bundle-function.ts).
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='captureAWS'], Literal[value='captureAWS']", message: 'Capture v3 clients: captureAWSv3Client.' },
      ],
    },
  },
  // Plain Node scripts.
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests and tooling may be loose with types where fixtures need it.
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Boundaries. Each file falls in one layer (no-restricted-imports does not merge across configs).
  layer(['shared/domain/**'], [
    { group: ['**/db/**', '**/http/**', '**/clients/**', '**/identity/**', '**/email/**', '**/use-cases/**'], message: 'shared/domain is pure rules: no persistence, transport or AWS.' },
    { group: ['@aws-sdk/*'], message: 'shared/domain imports nothing from AWS.' },
  ]),
  layer(['shared/use-cases/**'], [
    { group: ['**/http/**'], message: 'Use cases know nothing of HTTP: take domain values (TeamActor, AuditActor), not a Caller.' },
    { group: ['**/db/table', '**/db/keys', '**/db/update-expression'], message: 'Items, keys and expressions are built in shared/db: use its entity steps.' },
    ...DYNAMODB_SDK,
  ]),
  layer(
    ['functions/**'],
    [
      { group: ['**/infra/**'], message: 'Handlers never import the CDK app.' },
      { group: ['../routes', '**/functions/routes'], message: 'A handler imports its own route (./<operation>.route), never the whole table.' },
      ...DYNAMODB_SDK,
    ],
    // The table gathers the routes; the OpenAPI document describes all of them
    // (built when its function is bundled, or at load when run from source).
    ['functions/routes.ts', 'functions/service/openapi-from-routes.ts'],
  ),
  layer(['shared/*.ts', 'shared/http/**', 'shared/identity/**', 'shared/email/**', 'shared/api/**', 'shared/powertools/**'], DYNAMODB_SDK),
);
