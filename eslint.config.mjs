// Lint guards run by `npm test` (pretest) and `npm run lint`. Few rules, each one a bug or a
// layering break we have shipped before; style is left to review.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** Workflow code is replayed, so it must not do I/O or reach for non-deterministic APIs. */
const workflowImportBans = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node builtins; do this in an activity.' })),
    ...['mongoose', 'jsforce', 'express'].map((name) => ({
      name,
      message: `Workflows are deterministic: no ${name}; do this in an activity.`,
    })),
  ],
  patterns: [
    { regex: '^node:', message: 'Workflows are deterministic: no Node builtins; do this in an activity.' },
    { regex: '^(mongoose|jsforce|express)/', message: 'Workflows are deterministic: no mongoose, jsforce or express; do this in an activity.' },
    {
      regex: '^(\\.\\./)+activities(/|$)',
      allowTypeImports: true,
      message: 'Workflows import activities as types only (`import type`) and call them through proxyActivities.',
    },
  ],
};

/** domain/ sits below the API, the activities and the workflows. */
const domainImportBans = {
  patterns: [
    {
      regex: '^(\\.\\./)+(api|activities|workflows)(/|$)',
      message: 'domain/ imports nothing from api/, activities/ or workflows/; move the shared piece into domain/ or contract/.',
    },
  ],
};

const contractLeafMessage = 'contract/ is a leaf module: it imports nothing of ours.';

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', '.tools/', '.data/', 'test-artifacts/', 'bench/results/', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // require() escapes the type checker and the workflow bundler's import analysis.
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', workflowImportBans] },
  },
  {
    files: ['domain/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', domainImportBans] },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: contractLeafMessage }] }],
    },
  },
  {
    // The one exception, for now: program payloads carry the step shape, which domain/programs
    // owns. A type import is erased at compile time, so contract/ still loads nothing of ours.
    files: ['contract/programs.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(?!domain/programs/steps$)', message: contractLeafMessage },
            { regex: '^\\.\\./domain/programs/steps$', allowTypeImports: true, message: contractLeafMessage },
          ],
        },
      ],
    },
  },
);
