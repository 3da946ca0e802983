// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const io = ['pg', '@electric-sql/pglite', 'drizzle-orm', 'drizzle-orm/*', 'undici', 'node:http', 'node:https', 'http', 'https', 'graphql', 'type-graphql', '@apollo/*', 'ws', 'graphql-ws', 'graphql-ws/*', 'dataloader', 'cockatiel', 'pino'];

export default tseslint.config(
  { ignores: ['node_modules/', 'test/generated/', 'packages/*/dist/', 'packages/client/src/channels/*/{gql,graphql,index}.ts', '.data/', 'migrations/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through src/platform/config.ts only.' },
      ],
    },
  },
  {
    // Configuration is read in one place; tests, mocks, scripts and tools set up their own.
    files: ['src/platform/config.ts', 'test/**', 'mocks/**', 'bench/**', '*.ts', '*.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Pure rules take everything as arguments: no database, HTTP, GraphQL or clock.
    files: ['src/**/*.rules.ts'],
    rules: {
      // Types may be shared (they vanish at run time); values from I/O modules may not.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: io, message: 'Rules are pure: pass data in, do no I/O.', allowTypeImports: true },
            // platform/money (arithmetic) and platform/write/state-machine (tables) are pure; the rest of platform and the adapters do I/O.
            { regex: '(^|/)(platform/(?!money/|write/state-machine)|adapters/)', message: 'Rules are pure: pass data in, do no I/O.', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take `now` as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take `now` as an argument.' },
      ],
    },
  },
  {
    // The platform is the shared machinery: the composition root (src/app.ts) hands it the modules'
    // schema and services; it imports no module and no mock (the mocks never ship in its start path).
    files: ['src/platform/**'],
    // The drizzle schema gathers every module's tables for the database handle and drizzle-kit; it
    // holds no behaviour. (Moving it to the composition root belongs to the db rework.)
    ignores: ['src/platform/db/schema.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)(modules|mocks)/', message: 'src/platform must not import modules or mocks; wire them in src/app.ts.' }] },
      ],
    },
  },
  {
    // The mocks stand in for other teams' systems: they share no code with the gateway.
    files: ['mocks/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**', '../src/*', '../../src/*'], message: 'mocks/ must not import the gateway.' }] }],
    },
  },
);
